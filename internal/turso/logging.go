package turso

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"
)

// Logger receives one structured entry per HTTP attempt. Fields never hold the token.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Warn(ctx context.Context, msg string, fields map[string]any)
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}
func (nopLogger) Warn(context.Context, string, map[string]any)  {}

type attemptCounter struct{ n atomic.Int32 }

func (a *attemptCounter) load() int { return int(a.n.Load()) }

type attemptCounterKey struct{}

func withAttemptCounter(ctx context.Context, a *attemptCounter) context.Context {
	return context.WithValue(ctx, attemptCounterKey{}, a)
}

// loggingTransport counts and logs every attempt: method, path, status, attempt and duration.
type loggingTransport struct {
	next     http.RoundTripper
	logger   Logger
	redactor redactor
}

func (t *loggingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	attempt := 1
	if a, ok := req.Context().Value(attemptCounterKey{}).(*attemptCounter); ok {
		attempt = max(a.load(), 1)
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields := map[string]any{
		"http_method": req.Method,
		"http_path":   req.URL.Path,
		"attempt":     attempt,
		"duration_ms": time.Since(start).Milliseconds(),
	}
	if err != nil {
		fields["error"] = t.redactor.excerpt(err.Error(), 500, false)
		t.logger.Warn(req.Context(), "Turso API request failed", fields)
		return nil, err
	}
	fields["http_status"] = resp.StatusCode
	if resp.StatusCode >= 400 {
		t.logger.Warn(req.Context(), "Turso API request returned an error status", fields)
	} else {
		t.logger.Debug(req.Context(), "Turso API request", fields)
	}
	return resp, nil
}
