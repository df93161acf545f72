// A live input's pauses are noticed (streams.ts noticingPauses): a chunk that comes soon is passed on with no
// pause told; one that is slow to come is preceded by one call of onQuiet.
import { afterEach, describe, expect, it, vi } from "vitest";
import { noticingPauses } from "../../src/cli/input/streams.js";

/** Chunks handed on when the test says so. */
function controlled(): { chunks: AsyncIterable<Uint8Array>; send(text: string): void; end(): void } {
  const waiting: ((result: IteratorResult<Uint8Array>) => void)[] = [];
  const ready: IteratorResult<Uint8Array>[] = [];
  const deliver = (result: IteratorResult<Uint8Array>) => (waiting.length > 0 ? waiting.shift()!(result) : ready.push(result));
  return {
    chunks: {
      [Symbol.asyncIterator]: () => ({
        next: () => (ready.length > 0 ? Promise.resolve(ready.shift()!) : new Promise((resolve) => waiting.push(resolve))),
      }),
    },
    send: (text) => deliver({ done: false, value: new TextEncoder().encode(text) }),
    end: () => deliver({ done: true, value: undefined }),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("noticingPauses", () => {
  it("tells a pause only when the next chunk is slow to come", async () => {
    vi.useFakeTimers();
    const input = controlled();
    const quiet = vi.fn();
    const got: string[] = [];
    const reading = (async () => {
      for await (const chunk of noticingPauses(input.chunks, quiet)) got.push(new TextDecoder().decode(chunk));
    })();
    input.send("body\n");
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(50);
    input.send("404\n");
    await vi.advanceTimersByTimeAsync(0);
    expect(quiet).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(150);
    expect(quiet).toHaveBeenCalledTimes(1);
    input.send("more\n");
    input.end();
    await vi.runAllTimersAsync();
    await reading;
    expect(got).toEqual(["body\n", "404\n", "more\n"]);
    expect(quiet).toHaveBeenCalledTimes(1);
  });
});
