const express = require('express');
const fs = require('fs');
const path = require('path');

const app = express();
const UPLOADS = '/srv/uploads';

app.get('/files', (req, res) => {
  const file = path.join(UPLOADS, path.basename(req.query.name));
  // ok: vigil.js.path-traversal
  fs.readFile(file, (err, data) => res.send(data));
});

app.get('/download/:name', (req, res) => {
  // ok: vigil.js.path-traversal
  res.sendFile(req.params.name, { root: UPLOADS });
});
