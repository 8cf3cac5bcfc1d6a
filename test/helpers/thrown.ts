// What a function threw (undefined when it returned), for asserting on error classes and exit codes.
export const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
};
