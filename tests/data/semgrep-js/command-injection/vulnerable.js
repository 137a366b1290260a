const exec = require('child_process').exec;

module.exports.ping = function (req, res) {
  // ruleid: vigil.js.command-injection
  exec('ping -c 2 ' + req.body.address, function (err, stdout) {
    res.render('ping', { output: stdout });
  });
};
