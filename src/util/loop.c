/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * loop.c - poll(2) event loop with one-shot timers and self-pipe signals.
 *
 * Sizes are small (a handful of fds, tens of timers), so plain arrays
 * scanned linearly are faster and simpler than heaps.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util/loop.h"

#define LOOP_MAX_SIG	65

struct loop_fd {
	unsigned	 id;
	int		 fd;
	short		 events;
	loop_io_fn	 fn;
	void		*arg;
};

struct loop_timer {
	unsigned	 id;
	uint64_t	 due;
	loop_timer_fn	 fn;
	void		*arg;
};

struct loop {
	struct loop_fd		*fds;
	size_t			 nfds, capfds;
	struct loop_timer	*timers;
	size_t			 ntimers, captimers;
	unsigned		 next_id;
	bool			 stop;
	loop_signal_fn		 sigfn[LOOP_MAX_SIG];
	void			*sigarg[LOOP_MAX_SIG];
	unsigned		 sigfd_id;
};

static int	loop_sigpipe[2] = { -1, -1 };

uint64_t
loop_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

uint64_t
loop_wall_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000 + (uint64_t)ts.tv_nsec / 1000;
}

struct loop *
loop_new(void)
{
	struct loop	*l;

	l = calloc(1, sizeof *l);
	if (l == NULL)
		return NULL;
	l->next_id = 1;
	return l;
}

void
loop_free(struct loop *l)
{
	int	i;

	if (l == NULL)
		return;
	for (i = 0; i < LOOP_MAX_SIG; i++)
		if (l->sigfn[i] != NULL)
			signal(i, SIG_DFL);
	free(l->fds);
	free(l->timers);
	free(l);
}

static unsigned
loop_id(struct loop *l)
{
	unsigned	id = l->next_id++;

	if (l->next_id == 0)
		l->next_id = 1;
	return id;
}

unsigned
loop_add_fd(struct loop *l, int fd, short events, loop_io_fn fn, void *arg)
{
	struct loop_fd	*n;

	if (l->nfds == l->capfds) {
		n = realloc(l->fds, (l->capfds + 8) * sizeof *n);
		if (n == NULL)
			return 0;
		l->fds = n;
		l->capfds += 8;
	}
	n = &l->fds[l->nfds++];
	n->id = loop_id(l);
	n->fd = fd;
	n->events = events;
	n->fn = fn;
	n->arg = arg;
	return n->id;
}

void
loop_set_events(struct loop *l, unsigned id, short events)
{
	size_t	i;

	for (i = 0; i < l->nfds; i++)
		if (l->fds[i].id == id)
			l->fds[i].events = events;
}

void
loop_remove_fd(struct loop *l, unsigned id)
{
	size_t	i;

	for (i = 0; i < l->nfds; i++) {
		if (l->fds[i].id == id) {
			memmove(&l->fds[i], &l->fds[i + 1],
			    (l->nfds - i - 1) * sizeof l->fds[0]);
			l->nfds--;
			return;
		}
	}
}

unsigned
loop_add_timer(struct loop *l, uint64_t delay_ms, loop_timer_fn fn, void *arg)
{
	struct loop_timer	*t;

	if (l->ntimers == l->captimers) {
		t = realloc(l->timers, (l->captimers + 16) * sizeof *t);
		if (t == NULL)
			return 0;
		l->timers = t;
		l->captimers += 16;
	}
	t = &l->timers[l->ntimers++];
	t->id = loop_id(l);
	t->due = loop_now_ms() + delay_ms;
	t->fn = fn;
	t->arg = arg;
	return t->id;
}

void
loop_cancel_timer(struct loop *l, unsigned id)
{
	size_t	i;

	for (i = 0; i < l->ntimers; i++) {
		if (l->timers[i].id == id) {
			memmove(&l->timers[i], &l->timers[i + 1],
			    (l->ntimers - i - 1) * sizeof l->timers[0]);
			l->ntimers--;
			return;
		}
	}
}

static void
loop_sig_handler(int signo)
{
	unsigned char	b = (unsigned char)signo;
	int		saved = errno;

	if (write(loop_sigpipe[1], &b, 1) < 0) {
		/* Pipe full: a signal is already pending; nothing to do. */
	}
	errno = saved;
}

static void
loop_sig_read(int fd, short revents, void *arg)
{
	struct loop	*l = arg;
	unsigned char	 b;

	(void)revents;
	while (read(fd, &b, 1) == 1) {
		if (b < LOOP_MAX_SIG && l->sigfn[b] != NULL)
			l->sigfn[b](b, l->sigarg[b]);
	}
}

bool
loop_add_signal(struct loop *l, int signo, loop_signal_fn fn, void *arg)
{
	struct sigaction	sa;
	int			i;

	if (signo <= 0 || signo >= LOOP_MAX_SIG)
		return false;
	if (loop_sigpipe[0] == -1) {
		if (pipe(loop_sigpipe) == -1)
			return false;
		for (i = 0; i < 2; i++) {
			fcntl(loop_sigpipe[i], F_SETFL,
			    fcntl(loop_sigpipe[i], F_GETFL) | O_NONBLOCK);
			fcntl(loop_sigpipe[i], F_SETFD, FD_CLOEXEC);
		}
	}
	if (l->sigfd_id == 0) {
		l->sigfd_id = loop_add_fd(l, loop_sigpipe[0], POLLIN,
		    loop_sig_read, l);
		if (l->sigfd_id == 0)
			return false;
	}
	l->sigfn[signo] = fn;
	l->sigarg[signo] = arg;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = loop_sig_handler;
	sigemptyset(&sa.sa_mask);
	return sigaction(signo, &sa, NULL) == 0;
}

void
loop_stop(struct loop *l)
{
	l->stop = true;
}

/* Fire every timer that is due; returns the ms until the next one, or -1. */
static int
loop_fire_timers(struct loop *l)
{
	struct loop_timer	 t;
	uint64_t		 now, next;
	size_t			 i;
	bool			 fired;

	do {
		fired = false;
		now = loop_now_ms();
		for (i = 0; i < l->ntimers && !l->stop; i++) {
			if (l->timers[i].due <= now) {
				t = l->timers[i];
				loop_cancel_timer(l, t.id);
				t.fn(t.arg);
				fired = true;
				break;
			}
		}
	} while (fired && !l->stop);
	if (l->ntimers == 0)
		return -1;
	now = loop_now_ms();
	next = UINT64_MAX;
	for (i = 0; i < l->ntimers; i++)
		if (l->timers[i].due < next)
			next = l->timers[i].due;
	return next <= now ? 0 : (int)(next - now > 60000 ? 60000 : next - now);
}

int
loop_run(struct loop *l)
{
	struct pollfd	*pfd = NULL, *np;
	unsigned	*ids = NULL, *nid;
	size_t		 cap = 0, n, i, j;
	int		 timeout, r;

	l->stop = false;
	for (;;) {
		timeout = loop_fire_timers(l);
		if (l->stop)
			break;
		n = l->nfds;
		if (n == 0 && timeout < 0)
			break;
		if (n > cap) {
			np = realloc(pfd, n * sizeof *pfd);
			if (np == NULL)
				goto fail;
			pfd = np;
			nid = realloc(ids, n * sizeof *ids);
			if (nid == NULL)
				goto fail;
			ids = nid;
			cap = n;
		}
		for (i = 0; i < n; i++) {
			pfd[i].fd = l->fds[i].fd;
			pfd[i].events = l->fds[i].events;
			pfd[i].revents = 0;
			ids[i] = l->fds[i].id;
		}
		r = poll(pfd, n, timeout);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		for (i = 0; i < n && !l->stop; i++) {
			if (pfd[i].revents == 0)
				continue;
			/* The fd may have been removed by an earlier
			   callback. */
			for (j = 0; j < l->nfds; j++) {
				if (l->fds[j].id == ids[i]) {
					l->fds[j].fn(l->fds[j].fd,
					    pfd[i].revents, l->fds[j].arg);
					break;
				}
			}
		}
		if (l->stop)
			break;
	}
	free(pfd);
	free(ids);
	return 0;
fail:
	free(pfd);
	free(ids);
	return -1;
}
