/**
 * The {@code herald} command line beside {@code serve}: {@code listen}, a local receiver built on
 * herald-receiver, and client commands that drive a running Herald's API ({@code HERALD_URL},
 * {@code HERALD_API_KEY}), printing a table for people or JSON for scripts, with exit codes that say
 * what went wrong ({@link herald.cli.ExitCodes}).
 */
package herald.cli;
