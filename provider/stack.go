package provider

// presizeStack grows the calling goroutine's stack, while it is shallow,
// to what a part copy needs. A part copy runs on a goroutine of its own,
// which starts with a stack of a few KiB; the SDK's middleware takes it
// past 32 KiB, and a stack grown by doubling is copied at each step with
// those deep frames on it to walk and adjust. Against a server that
// answers at once that copying was a fifth of the client's CPU
// (BenchmarkClientOverhead, 10,000 parts: s3parts 1.3 × a raw SDK loop
// without this, 1.0 with it); one copy of a shallow stack costs next to
// nothing. It is not inlined: its frame must be gone when it returns,
// leaving the room to the SDK.
//
//go:noinline
func presizeStack() {
	var b [32 << 10]byte
	keep(b[:])
}

// keep is not inlined, so b is not optimised away.
//
//go:noinline
func keep(b []byte) { b[len(b)-1] = 0 }
