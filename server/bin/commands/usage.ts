/** A mistake in the command line: the CLI shows it with the usage and exits 2. */
export class CommandUsageError extends Error {}
