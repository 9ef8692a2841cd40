import { configOrExit } from '@app/platform/config/boot';

// The configuration is checked before anything heavy loads, so a bad value fails at once with one line.
const config = configOrExit();
void import('./api.app').then(({ startApi }) => startApi(config));
