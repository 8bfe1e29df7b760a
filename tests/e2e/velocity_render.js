// Renders Velocity templates with velocityjs, an independent implementation, for gw's
// differential test (tests/core/vtl/differential_test.cpp).
// stdin: a JSON array of templates; stdout: a JSON array of outputs ("ERROR: ..." on failure).
const velocity = require("velocityjs");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const out = JSON.parse(input).map((t) => {
    try {
      return velocity.render(t, {}, {}, { escape: false });
    } catch (e) {
      return "ERROR: " + e.message;
    }
  });
  process.stdout.write(JSON.stringify(out));
});
