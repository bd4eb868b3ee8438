package turso

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"path"
	"strings"
	"time"
	"unicode"
)

// ParseBaseURL accepts an https URL, or plain http to a loopback host so that local fakes work.
// It refuses credentials, queries and fragments, which would otherwise leak into every request.
func ParseBaseURL(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) != raw || raw == "" {
		return nil, errors.New("must be a non-empty URL without surrounding whitespace")
	}
	if strings.IndexFunc(raw, unicode.IsControl) >= 0 {
		return nil, errors.New("must not contain control characters")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("is not a valid URL: %s", strings.TrimPrefix(err.Error(), "parse "+fmt.Sprintf("%q", raw)+": "))
	}
	switch {
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, fmt.Errorf("must use https (got scheme %q)", u.Scheme)
	case u.Host == "" || u.Hostname() == "":
		return nil, errors.New("must include a host, as in https://api.turso.tech")
	case u.User != nil:
		return nil, errors.New("must not contain credentials (user:password@); set api_token instead")
	case u.RawQuery != "" || u.ForceQuery:
		return nil, errors.New("must not contain a query string")
	case u.Fragment != "" || strings.Contains(raw, "#"):
		return nil, errors.New("must not contain a fragment")
	case u.Scheme == "http" && !IsLoopback(u.Hostname()):
		return nil, fmt.Errorf("must use https; plain http is allowed only for loopback hosts (127.0.0.0/8, ::1, localhost), not %q", u.Hostname())
	case strings.EqualFold(path.Base(strings.TrimRight(u.Path, "/")), "v1"):
		return nil, fmt.Errorf("must not end in /v1: it is the API's root, as in %s, and the provider adds /v1 to every request itself", DefaultBaseURL)
	}
	return u, nil
}

// IsLoopback reports whether host is localhost or a loopback IP address.
func IsLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CheckToken refuses tokens that could not be sent as a bearer token. The error never echoes the token.
func CheckToken(token string) error {
	if token == "" {
		return errors.New("the API token is empty")
	}
	for i, r := range token {
		switch {
		case unicode.IsSpace(r):
			return fmt.Errorf("the API token contains whitespace at character %d; a platform API token is a single word", i+1)
		case unicode.IsControl(r) || r == unicode.ReplacementChar:
			return fmt.Errorf("the API token contains a control or invalid character at character %d", i+1)
		case r > unicode.MaxASCII:
			return fmt.Errorf("the API token contains a non-ASCII character at character %d", i+1)
		}
	}
	return nil
}

// CheckOrganizationSlug refuses slugs that would change the request path or be re-encoded on the way.
func CheckOrganizationSlug(slug string) error { return checkPathSegment(slug) }

// CheckDatabaseName refuses database names by the same rules as slugs: Turso's names are letters,
// digits and dashes.
func CheckDatabaseName(name string) error { return checkPathSegment(name) }

// checkPathSegment refuses what would change the request path or be re-encoded on the way.
func checkPathSegment(slug string) error {
	if slug == "" {
		return errors.New("must not be empty")
	}
	if slug == "." || strings.Contains(slug, "..") {
		return errors.New(`must not be "." or contain ".."`)
	}
	for _, r := range slug {
		switch {
		case unicode.IsSpace(r):
			return errors.New("must not contain whitespace")
		case unicode.IsControl(r):
			return errors.New("must not contain control characters")
		case strings.ContainsRune(`/?#%\`, r):
			return fmt.Errorf("must not contain %q", r)
		case !(r < unicode.MaxASCII && (r == '-' || r == '_' || r == '.' || unicode.IsLetter(r) || unicode.IsDigit(r))):
			return fmt.Errorf("must contain only letters, digits, '-', '_' and '.' (found %q)", r)
		}
	}
	return nil
}

// ParseTimestamp parses an RFC 3339 timestamp with its zone. RFC 3339 allows a lowercase "t" and "z"
// (section 5.6), which Go's time.RFC3339 layout refuses, so they are read as upper case.
func ParseTimestamp(s string) (time.Time, error) {
	return time.Parse(time.RFC3339, CanonicalTimestamp(s))
}

// CanonicalTimestamp spells a timestamp's "t" and "z" in upper case, as the API's examples do; the
// instant is the same.
func CanonicalTimestamp(s string) string {
	return strings.Map(func(r rune) rune {
		if r == 't' || r == 'z' {
			return unicode.ToUpper(r)
		}
		return r
	}, s)
}
