/**
 * Finds where a JSON text first goes wrong, for error messages: V8's JSON.parse does not always say.
 * An iterative scanner (no recursion, so deeply nested hostile input cannot overflow the stack).
 * Returns null when the text is valid JSON.
 */
export function findJsonError(text: string): { offset: number; message: string } | null {
  let i = 0;
  const stack: ("{" | "[")[] = [];
  const ws = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const fail = (message: string) => ({ offset: i, message });
  const describe = () => (i >= text.length ? "end of input" : `'${text[i]}'`);

  // Parses one scalar at i, or returns an error; containers are handled by the loop below.
  const scalar = (): { offset: number; message: string } | null => {
    const ch = text[i];
    if (ch === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        const code = text.charCodeAt(i);
        if (code < 0x20) return fail("unescaped control character in a string");
        if (text[i] === "\\") {
          i++;
          if (text[i] === "u") {
            if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) return fail("invalid \\u escape");
            i += 4;
          } else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) return fail("invalid escape in a string");
        }
        i++;
      }
      if (i >= text.length) return fail("unterminated string");
      i++;
      return null;
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (number && number[0] !== "-" && number[0].length > 0) {
      i += number[0].length;
      return null;
    }
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return null;
      }
    }
    return fail(`unexpected ${describe()} where a value was expected`);
  };

  // A property name and its colon, at i.
  const propertyName = (): { offset: number; message: string } | null => {
    if (text[i] !== '"') return fail(`expected a property name in double quotes, got ${describe()}`);
    const err = scalar();
    if (err) return err;
    ws();
    if (text[i] !== ":") return fail(`expected ':' after a property name, got ${describe()}`);
    i++;
    return null;
  };

  ws();
  let expectValue = true;
  for (;;) {
    if (expectValue) {
      ws();
      if (text[i] === "{" || text[i] === "[") {
        stack.push(text[i] as "{" | "[");
        i++;
        ws();
        if ((stack.at(-1) === "{" && text[i] === "}") || (stack.at(-1) === "[" && text[i] === "]")) {
          stack.pop();
          i++;
          expectValue = false;
          continue;
        }
        if (stack.at(-1) === "{") {
          const err = propertyName();
          if (err) return err;
        }
        continue;
      }
      const err = scalar();
      if (err) return err;
      expectValue = false;
      continue;
    }
    ws();
    const top = stack.at(-1);
    if (!top) return i < text.length ? fail(`unexpected ${describe()} after the end of the JSON value`) : null;
    if (text[i] === ",") {
      i++;
      ws();
      if (top === "{") {
        const err = propertyName();
        if (err) return err;
      }
      expectValue = true;
      continue;
    }
    if ((top === "{" && text[i] === "}") || (top === "[" && text[i] === "]")) {
      stack.pop();
      i++;
      continue;
    }
    return fail(`expected ',' or '${top === "{" ? "}" : "]"}', got ${describe()}`);
  }
}
