'use strict';
/** Resolves with the first IPC message of `child` that `predicate` accepts; rejects if the child exits first. */
function message(child, predicate) {
  return new Promise((resolve, reject) => {
    const onExit = (code) => {
      child.off('message', onMessage);
      reject(new Error(`Strapi exited with ${code}`));
    };
    const onMessage = (m) => {
      if (predicate(m)) {
        child.off('message', onMessage);
        // Many questions are asked of one child: each takes its exit listener with it.
        child.off('exit', onExit);
        resolve(m);
      }
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

module.exports = { message };
