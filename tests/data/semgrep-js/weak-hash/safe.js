const crypto = require('crypto');

function contentHash(body) {
  // ok: vigil.js.weak-hash
  return crypto.createHash('sha256').update(body).digest('hex');
}

function signature(body, key) {
  // ok: vigil.js.weak-hash
  return crypto.createHmac('sha512', key).update(body).digest('hex');
}
