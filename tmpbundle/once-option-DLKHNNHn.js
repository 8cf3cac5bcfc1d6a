import { _ as InvalidArgumentError, v as Option } from "./redact-BW3B_R78.js";
// dist/cli/once-option.js
/**
* An option without a default that may be given once: a second value is a usage error (exit 64)
* rather than silently replacing the first (`reconfigure --event demoted --event promoted`).
*/
const onceOption = (flags, description) => new Option(flags, description).argParser((value, previous) => {
	if (previous !== void 0) throw new InvalidArgumentError("given more than once; give it once");
	return value;
});
export { onceOption as t };
