const crypto = require('crypto');

function fingerprint(body) {
  console.log('hashing', body.length);
  return crypto.createHash('md5').update(body).digest('hex');
}
