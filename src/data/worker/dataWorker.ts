// The data worker thread: profiles data files and checks drift, one request at a time.
import { parentPort } from 'node:worker_threads';
import { errorMessage, isUserError } from '../../core/errors';
import { describeFileError } from '../../core/fileErrors';
import { checkDataDrift } from '../checkDataDrift';
import { profileFile } from '../profileFile';
import { saveProfile } from '../profileFiles';
import type { FromDataWorker, ToDataWorker } from './messages';

const port = parentPort;
if (!port) throw new Error('dataWorker runs as a worker thread');
const post = (message: FromDataWorker) => port.postMessage(message);

// In turn: two big files read at once would hold both in memory.
let queue = Promise.resolve();
port.on('message', (request: ToDataWorker) => {
  queue = queue.then(() =>
    answer(request).then(post, (error: unknown) => {
      const described = describeFileError(error);
      post({ type: 'failed', id: request.id, message: described ?? errorMessage(error), user: described !== null || isUserError(error) });
    }),
  );
});

async function answer(request: ToDataWorker): Promise<FromDataWorker> {
  switch (request.type) {
    case 'drift':
      return { type: 'report', id: request.id, report: await checkDataDrift(request.workspace, request.reference, request.current, request.options) };
    case 'profile': {
      const profile = await profileFile(request.file, request.label);
      return { type: 'profiled', id: request.id, profile, saved: request.save ? saveProfile(request.workspace, profile) : null };
    }
  }
}
