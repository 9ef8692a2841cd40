import { AppConfig } from './app-config';
import { ConfigError, loadConfig } from './load-config';

/** Validates the environment before Nest starts: a bad value stops the process with one line. */
export function configOrExit(): AppConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
