;; The line filter's byte scan, in WebAssembly with 128-bit SIMD: finds the
;; next line of a chunk that may hold an error, 32 bytes a step. The same
;; question as LineFeeder's JavaScript scan (stream.ts), which asks it of
;; each line with Buffer.indexOf (a native call per line and per marker
;; stop); this is about three times faster on a big log. Built into the
;; decode bundle by scripts/wat.mjs; see line-scan.ts for the JavaScript side.
;;
;; Memory: the chunk at [0, CAPACITY), 64 bytes of slack after it (a step
;; reads 33 bytes from where it starts), the result of a call, and an area
;; for a line that came in pieces (the line across two chunks), with slack too.
(module
  (memory (export "memory") 18)
  ;; How many bytes of a chunk fit, where next() leaves its result, and the line area.
  (global (export "capacity") i32 (i32.const 1048576))
  (global $result (export "result") i32 (i32.const 1048640))
  (global (export "lineArea") i32 (i32.const 1049600))
  (global (export "lineAreaBytes") i32 (i32.const 65536))

  ;; next(from, to): bytes [from, to] are complete lines, the byte at `to`
  ;; a newline. Returns where the first line that may matter starts, or -1
  ;; when none does. Leaves at `result`: that line's end (the position of
  ;; its newline), how many lines it passed (that line included), and
  ;; whether a marker word is in the line (1 or 0).
  ;;
  ;; A line may matter when it holds a marker word, or when markerless(edges)
  ;; cannot rule it out; for such a line the caller asks edgesMatter, which
  ;; has the last word.
  (func (export "next") (param $from i32) (param $to i32) (result i32)
    (local $p i32) (local $bits i32) (local $q i32)
    (local $lineStart i32) (local $lines i32) (local $marker i32)
    (local $here v128) (local $after v128)
    (local.set $lineStart (local.get $from))
    (local.set $p (local.get $from))
    (loop $step
      ;; One bit for each of the 32 bytes (two 16-byte halves, in one i32)
      ;; that is a newline or starts a marker's first two bytes: `rr` (rror),
      ;; `RR` (RROR), `"c` ("code"), `(s` ((status=). Pairs, because each first
      ;; byte alone is common. 32 bytes a step, not 16: ~20% faster (fewer
      ;; branches); 64 was slower. The two halves are the same expression,
      ;; written out twice: as a function called for each, the scan took ~70%
      ;; longer (V8 does not inline it, and rebuilds its constants each call).
      (local.set $bits
        (i32.or
          (i8x16.bitmask
            (v128.or
              (v128.or
                (i8x16.eq (local.tee $here (v128.load offset=0 (local.get $p))) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10))
                (v128.and
                  (i8x16.eq (local.get $here) (v128.const i8x16 114 114 114 114 114 114 114 114 114 114 114 114 114 114 114 114))
                  (i8x16.eq (local.tee $after (v128.load offset=1 (local.get $p))) (v128.const i8x16 114 114 114 114 114 114 114 114 114 114 114 114 114 114 114 114))))
              (v128.or
                (v128.or
                  (v128.and
                    (i8x16.eq (local.get $here) (v128.const i8x16 82 82 82 82 82 82 82 82 82 82 82 82 82 82 82 82))
                    (i8x16.eq (local.get $after) (v128.const i8x16 82 82 82 82 82 82 82 82 82 82 82 82 82 82 82 82)))
                  (v128.and
                    (i8x16.eq (local.get $here) (v128.const i8x16 34 34 34 34 34 34 34 34 34 34 34 34 34 34 34 34))
                    (i8x16.eq (local.get $after) (v128.const i8x16 99 99 99 99 99 99 99 99 99 99 99 99 99 99 99 99))))
                (v128.and
                  (i8x16.eq (local.get $here) (v128.const i8x16 40 40 40 40 40 40 40 40 40 40 40 40 40 40 40 40))
                  (i8x16.eq (local.get $after) (v128.const i8x16 115 115 115 115 115 115 115 115 115 115 115 115 115 115 115 115))))))
          (i32.shl
            (i8x16.bitmask
              (v128.or
                (v128.or
                  (i8x16.eq (local.tee $here (v128.load offset=16 (local.get $p))) (v128.const i8x16 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10 10))
                  (v128.and
                    (i8x16.eq (local.get $here) (v128.const i8x16 114 114 114 114 114 114 114 114 114 114 114 114 114 114 114 114))
                    (i8x16.eq (local.tee $after (v128.load offset=17 (local.get $p))) (v128.const i8x16 114 114 114 114 114 114 114 114 114 114 114 114 114 114 114 114))))
                (v128.or
                  (v128.or
                    (v128.and
                      (i8x16.eq (local.get $here) (v128.const i8x16 82 82 82 82 82 82 82 82 82 82 82 82 82 82 82 82))
                      (i8x16.eq (local.get $after) (v128.const i8x16 82 82 82 82 82 82 82 82 82 82 82 82 82 82 82 82)))
                    (v128.and
                      (i8x16.eq (local.get $here) (v128.const i8x16 34 34 34 34 34 34 34 34 34 34 34 34 34 34 34 34))
                      (i8x16.eq (local.get $after) (v128.const i8x16 99 99 99 99 99 99 99 99 99 99 99 99 99 99 99 99))))
                  (v128.and
                    (i8x16.eq (local.get $here) (v128.const i8x16 40 40 40 40 40 40 40 40 40 40 40 40 40 40 40 40))
                    (i8x16.eq (local.get $after) (v128.const i8x16 115 115 115 115 115 115 115 115 115 115 115 115 115 115 115 115))))))
            (i32.const 16))))
      (block $stepDone
        (loop $bit
          (br_if $stepDone (i32.eqz (local.get $bits)))
          (local.set $q (i32.add (local.get $p) (i32.ctz (local.get $bits))))
          (local.set $bits (i32.and (local.get $bits) (i32.sub (local.get $bits) (i32.const 1))))
          (if (i32.eq (i32.load8_u (local.get $q)) (i32.const 10))
            (then
              ;; The line [lineStart, q) ends here.
              (local.set $lines (i32.add (local.get $lines) (i32.const 1)))
              (if (i32.or (local.get $marker) (call $mayMatter (local.get $lineStart) (local.get $q)))
                (then
                  (i32.store (global.get $result) (local.get $q))
                  (i32.store offset=4 (global.get $result) (local.get $lines))
                  (i32.store offset=8 (global.get $result) (local.get $marker))
                  (return (local.get $lineStart))))
              (if (i32.ge_u (local.get $q) (local.get $to))
                (then
                  (i32.store offset=4 (global.get $result) (local.get $lines))
                  (return (i32.const -1))))
              (local.set $lineStart (i32.add (local.get $q) (i32.const 1)))
              (local.set $marker (i32.const 0)))
            (else
              (if (i32.eqz (local.get $marker))
                (then (local.set $marker (call $markerAt (local.get $q)))))))
          (br $bit)))
      (local.set $p (i32.add (local.get $p) (i32.const 32)))
      (br $step))
    (unreachable))

  ;; Whether a marker word starts at q: rror, RROR, "code" or (status=.
  (func $markerAt (param $q i32) (result i32)
    (local $word i32)
    (local.set $word (i32.load (local.get $q)))
    (i32.or
      (i32.or
        (i32.eq (local.get $word) (i32.const 0x726f7272))   ;; rror
        (i32.eq (local.get $word) (i32.const 0x524f5252)))  ;; RROR
      (i32.or
        (i32.and
          (i32.eq (local.get $word) (i32.const 0x646f6322)) ;; "cod
          (i32.eq (i32.load16_u offset=4 (local.get $q)) (i32.const 0x2265))) ;; e"
        (i64.eq (i64.load (local.get $q)) (i64.const 0x3d73757461747328))))) ;; (status=

  ;; edgesMatter (stream.ts) for the line [start, end), except that where it
  ;; would go on to compare a weak-shape key or ask startMatters, this says 1:
  ;; it is never 0 where edgesMatter is true.
  (func $mayMatter (export "mayMatter") (param $start i32) (param $end i32) (result i32)
    (local $j i32) (local $last i32) (local $first i32) (local $key i32)
    (if (i32.eq (local.get $start) (local.get $end)) (then (return (i32.const 0))))
    ;; The last byte before trailing blanks (space, CR, tab).
    (local.set $j (i32.sub (local.get $end) (i32.const 1)))
    (local.set $last (i32.load8_u (local.get $j)))
    (block $trimmed
      (loop $trim
        (br_if $trimmed (i32.le_u (local.get $j) (local.get $start)))
        (br_if $trimmed
          (i32.eqz
            (i32.or
              (i32.or (i32.eq (local.get $last) (i32.const 32)) (i32.eq (local.get $last) (i32.const 13)))
              (i32.eq (local.get $last) (i32.const 9)))))
        (local.set $j (i32.sub (local.get $j) (i32.const 1)))
        (local.set $last (i32.load8_u (local.get $j)))
        (br $trim)))
    ;; endOpensJson: `{` or `[` at the end.
    (if (i32.and
          (i32.gt_u (local.get $j) (local.get $start))
          (i32.or (i32.eq (local.get $last) (i32.const 123)) (i32.eq (local.get $last) (i32.const 91))))
      (then (return (i32.const 1))))
    ;; A first byte startMatters can say yes to: one of " \t{[><H$c*m", as a
    ;; bit set over byte values 0-63 and 64-127.
    (local.set $first (i32.load8_u (local.get $start)))
    (if (i32.ge_u (local.get $first) (i32.const 128)) (then (return (i32.const 0))))
    (if (i64.eqz
          (i64.and
            (i64.shr_u
              (select
                (i64.const 0x5000041100000200) ;; \t space $ * < >
                (i64.const 0x0800200808000100) ;; H [ c m {
                (i32.lt_u (local.get $first) (i32.const 64)))
              (i64.extend_i32_u (i32.and (local.get $first) (i32.const 63))))
            (i64.const 1)))
      (then (return (i32.const 0))))
    ;; A closed `{"key": ...}` record: only a weak-shape key can make it matter,
    ;; and each starts with m, d, s or o ("message", "detail", "status", "ok").
    (if (i32.and
          (i32.and (i32.eq (local.get $first) (i32.const 123)) (i32.eq (local.get $last) (i32.const 125)))
          (i32.gt_u (local.get $j) (local.get $start)))
      (then
        (if (i32.ne (i32.load8_u offset=1 (local.get $start)) (i32.const 34)) (then (return (i32.const 0))))
        (local.set $key (i32.load8_u offset=2 (local.get $start)))
        (return
          (i32.or
            (i32.or (i32.eq (local.get $key) (i32.const 109)) (i32.eq (local.get $key) (i32.const 100)))
            (i32.or (i32.eq (local.get $key) (i32.const 115)) (i32.eq (local.get $key) (i32.const 111)))))))
    (i32.const 1))
)
