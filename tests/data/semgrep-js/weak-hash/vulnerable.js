const crypto = require('crypto');

function passwordHash(password) {
  // ruleid: vigil.js.weak-hash
  return crypto.createHash('md5').update(password).digest('hex');
}

function signature(body, key) {
  // ruleid: vigil.js.weak-hash
  return crypto.createHmac('sha1', key).update(body).digest('hex');
}

function etag(body) {
  // ruleid: vigil.js.weak-hash
  return require('crypto').createHash('sha1').update(body).digest('base64');
}
