const jwt = require('jsonwebtoken');

function issue(user) {
  // ok: vigil.js.jwt-hardcoded-secret
  return jwt.sign({ sub: user.id }, process.env.JWT_SECRET, { algorithm: 'HS256' });
}

function check(token) {
  // ok: vigil.js.jwt-hardcoded-secret
  return jwt.verify(token, process.env.JWT_SECRET, { algorithms: ['HS256'] });
}
