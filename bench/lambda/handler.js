'use strict';
// GET /hello -> {"message":"hello"} (the same handler serverless-offline runs in the bench)
module.exports.hello = async () => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ message: 'hello' }),
});
