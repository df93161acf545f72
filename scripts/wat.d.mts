export function compileWat(path: string): Promise<Uint8Array>;
export const watEsbuildPlugin: import("esbuild").Plugin;
export const watVitePlugin: import("vite").Plugin;
