/** Exit codes are part of the CLI's contract: scripts and CI depend on them. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

/**
 * A problem the user can act on (bad flag, unreadable file, broken config). The CLI prints its
 * message on one line and exits with code 2; a stack trace would only hide the message.
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** The message of any thrown value, for one-line reports. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
