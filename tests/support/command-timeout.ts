/**
 * The time limit of a test that runs one of the project's commands as a process (tsx,
 * then the command). It is no estimate of a machine's speed: starting tsx alone takes
 * a second on an idle machine and half a minute on a busy shared one, and such a test
 * must wait for the command however long that takes. The limit only ends a command that
 * hangs, so that a run reports it instead of never finishing.
 */
export const COMMAND_TIMEOUT = 600_000;
