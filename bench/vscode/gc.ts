import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { errorMessage } from '../../src/core/errors';

/** A gc() for honest heap figures: the extension host runs without --expose-gc, so ask V8 for it. */
export function collector(): (() => void) | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    return vm.runInNewContext('gc') as () => void;
  } catch (error) {
    console.warn(`heap figures without gc: ${errorMessage(error)}`);
    return undefined;
  }
}
