// @ts-check
// `npm run test:soak`: out/test/soak (200 start/stop cycles of fixture
// servers as port-zero tasks, then a count of what is left) in the same host
// as the integration suite, with a limit that fits the cycles.
// PORT_ZERO_SOAK_CYCLES=N changes the count; PORT_ZERO_SOAK_TIMINGS=1 prints
// each cycle's steps in ms (diagnosis only, nothing asserts on time); the rest
// as for run-integration.mjs.
process.env.PORT_ZERO_TEST_SUITE = 'soak';
process.env.PORT_ZERO_TEST_TIMEOUT_MS ??= '1200000';
await import('./run-integration.mjs');
