;; Exhaustive similarity scans over int8-quantized vectors (WASM SIMD).
;;
;; Compiled by `npm run build:wasm` (scripts/build-wasm.ts, wabt) into int8scan.generated.ts; the app and
;; Node load those bytes, so nothing needs wabt at runtime.
;;
;; Memory layout is owned by the JS side (src/search/int8-wasm.ts): it grows `memory`, then places
;;   codes   rows * stride bytes of int8, each row zero-padded from `dims` to `stride` (a multiple of 16)
;;   scales  rows * f32, per-row dequantization scale
;;   query   stride * i16, the query quantized to int16 (zero-padded like the rows)
;;   out     rows * f32 scores
;; All pointers are byte offsets and 16-byte aligned where v128 loads are used.
;;
;; Why int16 for the query: an int8 query would add a second quantization error on top of the index's;
;; i16 keeps the query exact to ~1e-5 and `i32x4.dot_i16x8_s` multiplies i16 pairs natively. The rows are
;; sign-extended i8 -> i16 in registers, so memory traffic stays at one byte per dimension.
(module
  (memory (export "memory") 1)

  ;; Integer dot product of one row (at `row`) with the query (at `q`), `stride` dims, as i32.
  ;; Two accumulators over 32 dims per iteration keep two dot chains in flight.
  (func $dot_row (param $row i32) (param $q i32) (param $stride i32) (result i32)
    (local $acc0 v128) (local $acc1 v128) (local $j i32) (local $v v128)
    (local.set $acc0 (v128.const i32x4 0 0 0 0))
    (local.set $acc1 (v128.const i32x4 0 0 0 0))
    (local.set $j (i32.const 0))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $j) (local.get $stride)))
        (local.set $v (v128.load (i32.add (local.get $row) (local.get $j))))
        (local.set $acc0
          (i32x4.add (local.get $acc0)
            (i32x4.dot_i16x8_s
              (i16x8.extend_low_i8x16_s (local.get $v))
              (v128.load (i32.add (local.get $q) (i32.shl (local.get $j) (i32.const 1)))))))
        (local.set $acc1
          (i32x4.add (local.get $acc1)
            (i32x4.dot_i16x8_s
              (i16x8.extend_high_i8x16_s (local.get $v))
              (v128.load offset=16 (i32.add (local.get $q) (i32.shl (local.get $j) (i32.const 1)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $next)))
    (local.set $acc0 (i32x4.add (local.get $acc0) (local.get $acc1)))
    (i32.add
      (i32.add (i32x4.extract_lane 0 (local.get $acc0)) (i32x4.extract_lane 1 (local.get $acc0)))
      (i32.add (i32x4.extract_lane 2 (local.get $acc0)) (i32x4.extract_lane 3 (local.get $acc0)))))

  ;; score(row) = f32(dot_int(row, query)) * scales[row] * qscale, in f32, in that order
  ;; (the JS scan reproduces exactly this rounding sequence; tests compare them bit for bit).
  (func $score (param $dot i32) (param $scale f32) (param $qscale f32) (result f32)
    (f32.mul (f32.mul (f32.convert_i32_s (local.get $dot)) (local.get $scale)) (local.get $qscale)))

  ;; Score every row: out[r] = score(r) for r in [0, rows).
  (func (export "scan")
    (param $codes i32) (param $scales i32) (param $q i32) (param $out i32)
    (param $rows i32) (param $stride i32) (param $qscale f32)
    (local $r i32) (local $row i32)
    (local.set $row (local.get $codes))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (f32.store
          (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (call $score
            (call $dot_row (local.get $row) (local.get $q) (local.get $stride))
            (f32.load (i32.add (local.get $scales) (i32.shl (local.get $r) (i32.const 2))))
            (local.get $qscale)))
        (local.set $row (i32.add (local.get $row) (local.get $stride)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next))))

  ;; Score only the listed rows: out[i] = score(ids[i]) for i in [0, n). Used for selective filters and for
  ;; re-ranking candidates, where scanning every row would waste memory bandwidth.
  (func (export "scan_rows")
    (param $codes i32) (param $scales i32) (param $q i32) (param $out i32)
    (param $ids i32) (param $n i32) (param $stride i32) (param $qscale f32)
    (local $i i32) (local $r i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $r (i32.load (i32.add (local.get $ids) (i32.shl (local.get $i) (i32.const 2)))))
        (f32.store
          (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 2)))
          (call $score
            (call $dot_row
              (i32.add (local.get $codes) (i32.mul (local.get $r) (local.get $stride)))
              (local.get $q)
              (local.get $stride))
            (f32.load (i32.add (local.get $scales) (i32.shl (local.get $r) (i32.const 2))))
            (local.get $qscale)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next))))

  ;; Sum of squares of each row's codes (exact i32): out[r] = sum_j codes[r][j]^2. The JS side turns these into
  ;; scales 1 / sqrt(.), so that scores are cosines with the quantized rows (see int8-data.ts cosineScales).
  (func (export "row_norms") (param $codes i32) (param $out i32) (param $rows i32) (param $stride i32)
    (local $r i32) (local $row i32) (local $j i32) (local $acc v128) (local $lo v128) (local $hi v128)
    (local.set $row (local.get $codes))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $acc (v128.const i32x4 0 0 0 0))
        (local.set $j (i32.const 0))
        (block $rdone
          (loop $rnext
            (br_if $rdone (i32.ge_u (local.get $j) (local.get $stride)))
            (local.set $lo (i16x8.extend_low_i8x16_s (v128.load (i32.add (local.get $row) (local.get $j)))))
            (local.set $hi (i16x8.extend_high_i8x16_s (v128.load (i32.add (local.get $row) (local.get $j)))))
            (local.set $acc
              (i32x4.add (local.get $acc)
                (i32x4.add (i32x4.dot_i16x8_s (local.get $lo) (local.get $lo))
                           (i32x4.dot_i16x8_s (local.get $hi) (local.get $hi)))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $rnext)))
        (i32.store
          (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (i32.add
            (i32.add (i32x4.extract_lane 0 (local.get $acc)) (i32x4.extract_lane 1 (local.get $acc)))
            (i32.add (i32x4.extract_lane 2 (local.get $acc)) (i32x4.extract_lane 3 (local.get $acc)))))
        (local.set $row (i32.add (local.get $row) (local.get $stride)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next))))

  ;; 1-bit sign codes: out[r] = number of equal sign bits between row r and the query (higher = closer).
  ;; Rows are `words` x i64 at `bits`; the query's `words` x i64 at `q`.
  (func (export "hamming")
    (param $bits i32) (param $q i32) (param $out i32) (param $rows i32) (param $words i32)
    (local $r i32) (local $w i32) (local $row i32) (local $diff i64) (local $total i32)
    (local.set $row (local.get $bits))
    (local.set $total (i32.shl (local.get $words) (i32.const 6)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $diff (i64.const 0))
        (local.set $w (i32.const 0))
        (block $wdone
          (loop $wnext
            (br_if $wdone (i32.ge_u (local.get $w) (local.get $words)))
            (local.set $diff
              (i64.add (local.get $diff)
                (i64.popcnt
                  (i64.xor
                    (i64.load (i32.add (local.get $row) (i32.shl (local.get $w) (i32.const 3))))
                    (i64.load (i32.add (local.get $q) (i32.shl (local.get $w) (i32.const 3))))))))
            (local.set $w (i32.add (local.get $w) (i32.const 1)))
            (br $wnext)))
        (i32.store
          (i32.add (local.get $out) (i32.shl (local.get $r) (i32.const 2)))
          (i32.sub (local.get $total) (i32.wrap_i64 (local.get $diff))))
        (local.set $row (i32.add (local.get $row) (i32.shl (local.get $words) (i32.const 3))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next))))
)
