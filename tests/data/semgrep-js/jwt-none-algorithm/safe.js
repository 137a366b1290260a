const jwt = require('jsonwebtoken');

function issue(user, key) {
  // ok: vigil.js.jwt-none-algorithm
  return jwt.sign({ sub: user.id }, key, { algorithm: 'HS256' });
}

function check(token, key) {
  // ok: vigil.js.jwt-none-algorithm
  return jwt.verify(token, key, { algorithms: ['HS256'] });
}
