/*
 * tui.h - the checklist screen of lockscope visit (ncursesw): an intake
 * form, then the visit session (src/visit/session.h) shown as a checklist
 * beside the current step and the lock's live readings.  The screen adds
 * no visit logic: it shows what the session asks and gives back the
 * technician's answers.
 */
#ifndef LS_TUI_TUI_H
#define LS_TUI_TUI_H

#include "cmd/cmd.h"
#include "visit/session.h"

/*
 * Run a visit on the terminal (stdin and stdout are a terminal).  cfg is
 * the command line's (ui, uiarg, quiet and intake_from_journal are set
 * here).  Returns the exit status, as batch mode would: 0 every step
 * passed, 1 a step failed or a gate blocked, 130 quit (resumable),
 * cmd_fail()'s on errors, printed after the screen is restored.
 */
int	tui_visit(const struct cmd_entry *ce, struct session_cfg *cfg);

#endif
