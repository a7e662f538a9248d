import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import { parsePasswd, userName } from '../../../../src/engine/proc/userNames';

describe('userNames', () => {
  it('reads names by uid from passwd lines, keeping the first of a shared uid and passing comments by', () => {
    const names = parsePasswd('# local\nroot:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\nnobody:x:65534:65534::/:/usr/sbin/nologin\nbroken\n');
    assert.deepEqual([...names], [[0, 'root'], [65534, 'nobody']]);
  });

  it('names the current user as os.userInfo() does, and an unlisted uid by number', () => {
    const me = os.userInfo();
    assert.equal(userName(me.uid), me.username);
    assert.equal(userName(4_000_000_000), 'uid 4000000000');
    assert.equal(userName(0, '/nonexistent/passwd'), 'uid 0');
  });
});
