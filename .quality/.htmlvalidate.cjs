// html-validate's recommended rules, run over every page of the built sample site.
// Each change below is a style the minifier chose, not invalid HTML.
module.exports = {
  extends: ["html-validate:recommended"],
  rules: {
    // The minifier writes <!doctype html> in lower case; HTML is case-insensitive there.
    "doctype-style": "off",
    // The minifier drops type="submit", the default; other buttons say type="button".
    "no-implicit-button-type": "off",
    // HTML allows any id without spaces, and goldmark's footnotes are fn:1 and fnref:1;
    // heading ids start with a letter in every script (generator/markdown TestHeadingIDs).
    "valid-id": ["error", { relaxed: true }],
  },
};
