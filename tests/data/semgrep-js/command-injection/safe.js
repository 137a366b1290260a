const execFile = require('child_process').execFile;

module.exports.ping = function (req, res) {
  // ok: vigil.js.command-injection
  execFile('ping', ['-c', '2', req.body.address], function (err, stdout) {
    res.render('ping', { output: stdout });
  });
};
