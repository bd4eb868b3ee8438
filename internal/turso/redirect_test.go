package turso

import (
	"errors"
	"net/http"
	"testing"
)

func TestCheckRedirect(t *testing.T) {
	get := func(raw string) *http.Request {
		req, err := http.NewRequest(http.MethodGet, raw, nil)
		if err != nil {
			t.Fatal(err)
		}
		return req
	}
	origin := []*http.Request{get("https://api.turso.tech/v1/organizations/acme/usage")}
	for target, refused := range map[string]bool{
		"https://api.turso.tech/v1/organizations/acme-renamed/usage": false,
		"http://api.turso.tech/v1/organizations/acme/usage":          true, // https to http
		"https://evil.example/v1/organizations/acme/usage":           true, // another host
		"https://api.turso.tech:8443/v1/organizations/acme/usage":    true, // another port is another host
		"https://turso.tech/v1/organizations/acme/usage":             true,
	} {
		err := checkRedirect(get(target), origin)
		if refused != errors.Is(err, errRedirectRefused) {
			t.Errorf("%s: err = %v, refused want %v", target, err, refused)
		}
	}
	long := []*http.Request{origin[0], origin[0], origin[0], origin[0], origin[0]}
	if err := checkRedirect(get("https://api.turso.tech/x"), long); !errors.Is(err, errRedirectRefused) {
		t.Errorf("sixth redirect: err = %v", err)
	}
}
