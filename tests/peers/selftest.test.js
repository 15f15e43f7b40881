'use strict';
// Entry point for `node --test tests/peers/`: the runner only picks up files
// named like *.test.js, so this loads the self-test suite.
require('./selftest.js');
