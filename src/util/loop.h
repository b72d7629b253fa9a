/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * loop.h - the one event loop: file descriptors, one-shot timers and
 * signals, on poll(2).
 *
 * Callbacks run from loop_run() only; they may add and remove fds and
 * timers (including their own) and call loop_stop().  Ids are never 0, so
 * 0 can mean "none".  Signals are delivered through a self-pipe, so a
 * callback never runs in signal context.
 */
#ifndef LS_UTIL_LOOP_H
#define LS_UTIL_LOOP_H

#include <stdbool.h>
#include <stdint.h>

struct loop;

typedef void	(*loop_io_fn)(int fd, short revents, void *arg);
typedef void	(*loop_timer_fn)(void *arg);
typedef void	(*loop_signal_fn)(int signo, void *arg);

/* New loop, or NULL when out of memory.  Free with loop_free(). */
struct loop	*loop_new(void);

/* Free the loop; fds are not closed.  NULL is a no-op. */
void		 loop_free(struct loop *);

/* Watch fd for events (POLLIN, POLLOUT).  Returns an id, 0 on failure. */
unsigned	 loop_add_fd(struct loop *, int fd, short events, loop_io_fn,
		    void *arg);

/* Change the events watched for id. */
void		 loop_set_events(struct loop *, unsigned id, short events);

/* Stop watching; unknown ids are ignored. */
void		 loop_remove_fd(struct loop *, unsigned id);

/* Call fn once after delay_ms.  Returns an id, 0 on failure. */
unsigned	 loop_add_timer(struct loop *, uint64_t delay_ms, loop_timer_fn,
		    void *arg);

/* Cancel a timer that has not fired; unknown ids are ignored. */
void		 loop_cancel_timer(struct loop *, unsigned id);

/*
 * Deliver signo to fn from the loop (SIGINT, SIGTERM, SIGWINCH...).  One
 * handler per signal.  Returns false on failure.
 */
bool		 loop_add_signal(struct loop *, int signo, loop_signal_fn,
		    void *arg);

/* Make loop_run() return after the current callback. */
void		 loop_stop(struct loop *);

/*
 * Run until loop_stop() or until nothing is left to wait for.  Returns 0,
 * or -1 with errno set when poll(2) fails.
 */
int		 loop_run(struct loop *);

/* Monotonic milliseconds. */
uint64_t	 loop_now_ms(void);

/* Wall-clock microseconds since 1970 (timestamps for records). */
uint64_t	 loop_wall_us(void);

#endif
