// @ts-check
// `npm start`: VS Code (code-server) on a free loopback port with Port Zero
// loaded from this checkout as a development extension, until Ctrl-C.
// PORT_ZERO_TEST_TRUST=enabled opens the fixture in Restricted Mode.
import { startCodeServer } from './codeServer.mjs';
import { ensureHost, repoRoot } from './install.mjs';
import { onTermination } from './processes.mjs';
import { fixtureWorkspace } from './workbench.mjs';

const trust = process.env.PORT_ZERO_TEST_TRUST === 'enabled' ? 'enabled' : 'disabled';
/** @type {import('./codeServer.mjs').CodeServer | undefined} */
let server;
onTermination(async (reason) => {
  console.log(`\nstart: ${reason}; stopping code-server`);
  const survivors = (await server?.stop()) ?? [];
  if (survivors.length > 0) console.error(`start: processes still running: ${survivors.join(', ')}`);
});

const host = await ensureHost();
server = await startCodeServer({ host, folder: fixtureWorkspace, trust, onLine: (line) => console.log(`[code-server] ${line}`) });
// The development path in the URL (honoured thanks to enable-smoke-test-driver)
// loads dist/ from this checkout: rebuild and reload the window to see changes.
const url = server.workbenchUrl([['extensionDevelopmentPath', server.remoteUri(repoRoot)]]);
console.log(`\nPort Zero is loaded in VS Code (workspace trust ${trust}). Open:\n\n  ${url}\n\nCtrl-C stops it.`);
const how = await server.exited;
console.error(`start: code-server ${how}`);
await server.stop();
process.exit(1);
