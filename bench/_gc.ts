/**
 * Benchmark helper (not a benchmark): a full garbage collection on demand,
 * so what one measurement left behind is not collected during the next.
 * Node runs without --expose-gc; setting the flag at run time gives a fresh
 * context a `gc` global.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
