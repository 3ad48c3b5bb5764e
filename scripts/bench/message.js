'use strict';
/** Resolves with the first IPC message of `child` that `predicate` accepts; rejects if the child exits first. */
function message(child, predicate) {
  return new Promise((resolve, reject) => {
    const onMessage = (m) => {
      if (predicate(m)) {
        child.off('message', onMessage);
        resolve(m);
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`Strapi exited with ${code}`)));
  });
}

module.exports = { message };
