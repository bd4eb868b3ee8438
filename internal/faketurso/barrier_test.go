package faketurso_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
)

func barrierGet(t *testing.T, url string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Error(err)
		return 0
	}
	req.Header.Set("Authorization", "Bearer "+faketurso.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Error(err)
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestBarrier_letsARoundThroughTogether(t *testing.T) {
	fake := faketurso.New()
	paths := []string{faketurso.UsagePath("demo"), faketurso.PlansPath("demo"), faketurso.OrganizationPath("demo")}
	barrier := faketurso.NewBarrier(fake, paths...)
	srv := httptest.NewServer(barrier)
	defer srv.Close()
	defer fake.Close()

	// An ungated path is answered at once, with nothing else in flight.
	if status := barrierGet(t, srv.URL+faketurso.SubscriptionPath("demo")); status != http.StatusOK {
		t.Fatalf("ungated path: status %d", status)
	}
	for round := 1; round <= 2; round++ {
		var wg sync.WaitGroup
		for _, p := range paths {
			wg.Go(func() {
				if status := barrierGet(t, srv.URL+p); status != http.StatusOK {
					t.Errorf("%s: status %d", p, status)
				}
			})
		}
		wg.Wait()
		if got := barrier.Rounds(); got != round {
			t.Errorf("rounds = %d, want %d", got, round)
		}
	}
	for _, p := range paths {
		if n := fake.RequestCount(p); n != 2 {
			t.Errorf("%s reached the fake %d times, want 2", p, n)
		}
	}
}

func TestBarrier_pathsWithQueries(t *testing.T) {
	fake := faketurso.New()
	upcoming, issued := faketurso.InvoicesPath("demo")+"?type=upcoming", faketurso.InvoicesPath("demo")+"?type=issued"
	barrier := faketurso.NewBarrier(fake, upcoming, issued)
	srv := httptest.NewServer(barrier)
	defer srv.Close()
	defer fake.Close()

	// The same path with another query is not gated.
	if status := barrierGet(t, srv.URL+faketurso.InvoicesPath("demo")+"?type=all"); status != http.StatusOK {
		t.Fatalf("ungated query: status %d", status)
	}
	var wg sync.WaitGroup
	for _, p := range []string{upcoming, issued} {
		wg.Go(func() {
			if status := barrierGet(t, srv.URL+p); status != http.StatusOK {
				t.Errorf("%s: status %d", p, status)
			}
		})
	}
	wg.Wait()
	if got := barrier.Rounds(); got != 1 {
		t.Errorf("rounds = %d, want 1", got)
	}
}
