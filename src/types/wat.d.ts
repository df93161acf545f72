// A .wat import is its module's binary (scripts/wat.mjs compiles it when bundling and testing).
declare module "*.wat" {
  const bytes: Uint8Array;
  export default bytes;
}
