package turso

// chunked is a growing list of values in slices of chunkLen values each: it grows without copying
// what it holds, so that a list near its bound never holds its values twice, as growing one slice
// would (the old and the new array at once).
type chunked[T any] struct {
	chunks [][]T
	n      int
}

const chunkLen = 4096

func (c *chunked[T]) append(v T) {
	if c.n == len(c.chunks)*chunkLen {
		c.chunks = append(c.chunks, make([]T, chunkLen))
	}
	c.chunks[c.n/chunkLen][c.n%chunkLen] = v
	c.n++
}

// at is the i-th value.
func (c *chunked[T]) at(i int) *T { return &c.chunks[i/chunkLen][i%chunkLen] }

// truncate keeps the first n values.
func (c *chunked[T]) truncate(n int) {
	if n >= c.n {
		return
	}
	for i := n; i < min(c.n, (n/chunkLen+1)*chunkLen); i++ {
		*c.at(i) = *new(T)
	}
	keep := (n + chunkLen - 1) / chunkLen
	clear(c.chunks[keep:])
	c.chunks = c.chunks[:keep]
	c.n = n
}
