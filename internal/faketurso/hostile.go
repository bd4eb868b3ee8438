package faketurso

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// Hostile scenarios: what a broken or malicious server (or a proxy in front of it) could send. Each
// is a Fault, to Script once or to SetFault on a path; the big bodies are generated as they are
// sent, cheaply, so that a test can ask for gigabytes.

// GzipBomb is a gzip body whose JSON inflates to about size bytes: prefix, then filler repeated to
// size bytes, then suffix. On the wire it is a few bytes per inflated MiB: gzip members of one MiB of
// filler, compressed once and sent again and again (a gzip stream may hold many members).
func GzipBomb(status int, prefix, filler string, size int64, suffix string) Fault {
	return Fault{
		Status: status,
		Header: http.Header{"Content-Encoding": {"gzip"}},
		Stream: func(_ *http.Request, w io.Writer) {
			if _, err := w.Write(gzipMember([]byte(prefix))); err != nil {
				return
			}
			chunk := fillerMember(filler)
			for sent := int64(0); sent < size; sent += fillerMiB {
				if _, err := w.Write(chunk); err != nil {
					return // the client stopped reading: stop generating
				}
			}
			_, _ = w.Write(gzipMember([]byte(suffix)))
		},
	}
}

// UsageGzipBomb is a 200 whose usage JSON inflates to size bytes, nearly all of them the zeros of one
// uuid string.
func UsageGzipBomb(size int64) Fault {
	return GzipBomb(http.StatusOK, `{"organization":{"uuid":"`, "0", size, `","usage":{}}}`)
}

// WhitespaceGzipBomb is a 200 whose JSON inflates to size bytes, nearly all of them spaces between
// two tokens.
func WhitespaceGzipBomb(size int64) Fault {
	return GzipBomb(http.StatusOK, `{"organization":`, " ", size, `null}`)
}

// ArrayGzipBomb is a 200 whose JSON inflates to size bytes, nearly all of them the zeros of one array
// under an unknown key: no value is long, the body is.
func ArrayGzipBomb(key string, size int64) Fault {
	return GzipBomb(http.StatusOK, `{"`+key+`":{"padding":[`, "0,", size, `0]}}`)
}

// tinyDatabase is the smallest database a usage body can hold: a uuid and empty totals.
const tinyDatabase = `{"uuid":"d","usage":{}}`

// TinyDatabasesUsage is a 200 usage body of at most size bytes and some, nearly all valid tiny
// databases: with end, the JSON then closes properly and the body is a valid organization; without,
// the body stops in the middle of the list.
func TinyDatabasesUsage(size int64, end bool) Fault {
	suffix := ""
	if end {
		suffix = tinyDatabase + `],"usage":{}}}`
	}
	return GzipBomb(http.StatusOK, `{"organization":{"uuid":"o","databases":[`, tinyDatabase+",", size, suffix)
}

// ErrorGzipBomb is an error status whose {"error": ...} inflates to size bytes.
func ErrorGzipBomb(status int, size int64) Fault {
	return GzipBomb(status, `{"error":"`, "x", size, `"}`)
}

// HugeErrorBody is an error status with an HTML page of size bytes, sent uncompressed.
func HugeErrorBody(status int, size int64) Fault {
	return Fault{
		Status: status,
		Header: http.Header{"Content-Type": {"text/html"}},
		Stream: func(_ *http.Request, w io.Writer) {
			line := []byte(strings.Repeat("<p>Unauthorized</p>", 3276) + "\n") // about 64 KiB
			if _, err := io.WriteString(w, "<html><body>\n"); err != nil {
				return
			}
			for sent := int64(0); sent < size; sent += int64(len(line)) {
				if _, err := w.Write(line); err != nil {
					return
				}
			}
		},
	}
}

// Where a server echoes the request's Authorization header ("Bearer <token>"), for EchoToken.
const (
	EchoJSONError = "json-error" // inside the "error" string of a JSON error body
	EchoTextError = "text-error" // in a plain-text error body
	EchoText200   = "text-200"   // in a plain-text 200 body
)

// EchoToken answers with the request's own Authorization value at offset bytes into the message: a
// 401 for the error kinds, a 200 for EchoText200. offset counts from the start of the JSON error
// string, or of the body.
func EchoToken(kind string, offset int) Fault {
	return EchoTokenAfter(kind, strings.Repeat("e", offset))
}

// EchoTokenAfter is EchoToken with the message beginning with padding: spaces, for instance, which
// an excerpt collapses, put the token at the point where the client stops reading a body.
func EchoTokenAfter(kind, padding string) Fault {
	status, contentType := http.StatusUnauthorized, "text/plain"
	if kind == EchoText200 {
		status = http.StatusOK
	}
	if kind == EchoJSONError {
		contentType = "application/json"
	}
	return Fault{
		Status: status,
		Header: http.Header{"Content-Type": {contentType}},
		Stream: func(r *http.Request, w io.Writer) {
			text := padding + r.Header.Get("Authorization") + " was refused" + strings.Repeat(".", 400)
			if kind == EchoJSONError {
				text = fmt.Sprintf(`{"error":%q}`, text)
			}
			_, _ = io.WriteString(w, text)
		},
	}
}

// EndlessBody is a 200 that never ends, uncompressed: prefix, then filler again and again until the
// client stops reading.
func EndlessBody(prefix, filler string) Fault {
	return Fault{Stream: func(_ *http.Request, w io.Writer) {
		if _, err := io.WriteString(w, prefix); err != nil {
			return
		}
		chunk := []byte(strings.Repeat(filler, max(1, 64<<10/len(filler))))
		for {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}}
}

// EchoTokenInJSON answers status with body, in which every "{token}" is replaced by what piece takes
// of the request's bearer token (the token whole, or a part of it): a server that sends the caller's
// token back as data in a 200, a token's name say, or in an error's message.
func EchoTokenInJSON(status int, body string, piece func(token string) string) Fault {
	return Fault{Status: status, Stream: func(r *http.Request, w io.Writer) {
		_, _ = io.WriteString(w, strings.ReplaceAll(body, "{token}", piece(bearer(r))))
	}}
}

// InvalidUTF8Usage is a 200 usage body with the bytes FF FE inside the uuid of its fourth database.
func InvalidUTF8Usage() Fault {
	body := GenerateUsage(5, 1)
	uuid := []byte(fmt.Sprintf(`"uuid":"%08x-0000`, 3))
	at := bytes.Index(body, uuid) + len(`"uuid":"`)
	body = append(body[:at:at], append([]byte{0xff, 0xfe}, body[at:]...)...)
	return Fault{Body: body}
}

// DuplicateKeyUsage is a 200 usage body whose organization usage names rows_read twice.
func DuplicateKeyUsage() Fault {
	return Fault{Body: []byte(`{"organization":{"uuid":"o","usage":{"rows_read":1,"rows_written":0,"rows_read":2},"databases":[]}}`)}
}

// EndlessEmptyPages is a database list whose pages are empty and each name a new next page: the
// cursor is the page's number.
func EndlessEmptyPages() Fault {
	return Fault{Stream: func(r *http.Request, w io.Writer) {
		_, _ = fmt.Fprintf(w, `{"databases":[],"pagination":{"next":"%d"}}`, pageNumber(r)+1)
	}}
}

// EndlessFullPages is a database list whose pages each hold as many databases as the client asks
// for (at most 1000), all different, and name a new next page: the cursor is the page's number.
func EndlessFullPages() Fault { return endlessPages("") }

// EndlessFatPages is EndlessFullPages with every database's name 3,000 characters long: pages of
// 3 MB, under the client's cap on one page, that fill its memory long before a million databases.
func EndlessFatPages() Fault { return endlessPages(strings.Repeat("n", 2990)) }

// endlessPages is a list of pages of databases named db-<number><suffix>.
func endlessPages(suffix string) Fault {
	return Fault{Stream: func(r *http.Request, w io.Writer) {
		page := pageNumber(r)
		limit, err := strconv.Atoi(r.URL.Query().Get("limit"))
		if err != nil || limit < 1 || limit > 1000 {
			limit = 1000
		}
		b := []byte(`{"databases":[`)
		for i := page * limit; i < (page+1)*limit; i++ {
			if i > page*limit {
				b = append(b, ',')
			}
			b = fmt.Appendf(b, `{"Name":"db-%07d%s","DbId":"%08x-0000-4000-8000-%012x","Hostname":"db-%07d.turso.io","group":"default","primaryRegion":"aws-us-east-1"}`, i, suffix, i, i, i)
		}
		b = fmt.Appendf(b, `],"pagination":{"next":"%d"}}`, page+1)
		_, _ = w.Write(b)
	}}
}

// pageNumber is the page a request of an endless list asks for: its cursor, 0 without one.
func pageNumber(r *http.Request) int {
	n, _ := strconv.Atoi(r.URL.Query().Get("cursor"))
	return max(n, 0)
}

// fillerMiB is how much filler one gzip member of a bomb inflates to.
const fillerMiB = 1 << 20

var fillerMembers sync.Map // filler -> []byte

// fillerMember is one gzip member of fillerMiB bytes of filler, compressed once per filler.
func fillerMember(filler string) []byte {
	if m, ok := fillerMembers.Load(filler); ok {
		return m.([]byte)
	}
	m := gzipMember(bytes.Repeat([]byte(filler), fillerMiB/len(filler)))
	fillerMembers.Store(filler, m)
	return m
}

func gzipMember(b []byte) []byte {
	var out bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&out, gzip.BestCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return out.Bytes()
}

// Hostile organizations, served by ServeHostile: each endpoint of each plays its scenario on every
// request (the endpoints a scenario does not name answer 404).
const (
	OrgGzipBomb         = "hostile-gzip-bomb"          // 200s whose JSON inflates to 4 GiB, nearly all one string of zeros
	OrgSpaceBomb        = "hostile-space-bomb"         // 200s whose JSON inflates to 4 GiB, nearly all spaces between two tokens
	OrgArrayBomb        = "hostile-array-bomb"         // 200s whose JSON inflates to 4 GiB, nearly all one array of zeros
	OrgErrorBomb        = "hostile-error-bomb"         // 401s whose {"error": ...} inflates to 400 MiB
	OrgHugeError        = "hostile-huge-error"         // 401s with 50 MB of HTML
	OrgEchoToken        = "hostile-echo-token"         // the Authorization header echoed across each cut point
	OrgInvalidUTF8      = "hostile-invalid-utf8"       // usage with FF FE inside the fourth database's uuid
	OrgDuplicateKey     = "hostile-duplicate-key"      // usage naming rows_read twice
	OrgTinyDatabases    = "hostile-tiny-databases"     // valid usage of tiny databases just under the 128 MiB cap
	OrgTinyDatabasesCut = "hostile-tiny-databases-cut" // the same without its end
	// Database lists that never end, beside an honest usage of five databases.
	OrgEndlessEmptyPages = "hostile-endless-empty-pages" // empty pages, each naming a new next page
	OrgEndlessFullPages  = "hostile-endless-full-pages"  // pages of 1000 new databases, each naming a new next page
	OrgEndlessFatPages   = "hostile-endless-fat-pages"   // the same, every name 3,000 characters long
	// Audit logs that never end, repeat a page or go back in time.
	OrgEndlessAuditLog   = "hostile-endless-audit-log"   // pages of new entries of one instant, claiming a billion pages
	OrgRepeatedAuditPage = "hostile-repeated-audit-page" // every page the same entries
	OrgAuditOutOfOrder   = "hostile-audit-out-of-order"  // page 2 newer than page 1
	// Database configurations with allow lists of HugeAllowListEntries networks ("wide-open") and
	// of ten times as many ("wider-than-cap"), about 40 MB of JSON.
	OrgHugeAllowList = "hostile-huge-allow-list"
)

// HugeAllowListEntries is how many networks the allow list of OrgHugeAllowList's "wide-open" holds.
const HugeAllowListEntries = 200_000

// HostileOrganizations lists the organizations ServeHostile adds.
var HostileOrganizations = []string{OrgGzipBomb, OrgSpaceBomb, OrgArrayBomb, OrgErrorBomb, OrgHugeError, OrgEchoToken,
	OrgInvalidUTF8, OrgDuplicateKey, OrgTinyDatabases, OrgTinyDatabasesCut, OrgEndlessEmptyPages, OrgEndlessFullPages, OrgEndlessFatPages,
	OrgEndlessAuditLog, OrgRepeatedAuditPage, OrgAuditOutOfOrder, OrgHugeAllowList}

// ServeHostile makes s serve the hostile organizations.
func ServeHostile(s *Server) {
	const bomb = 4 << 30
	every := func(slug string, f func(key string) Fault) {
		s.SetFault(UsagePath(slug), f("organization"))
		s.SetFault(SubscriptionPath(slug), f("subscription"))
		s.SetFault(PlansPath(slug), f("plans"))
		s.SetFault(OrganizationPath(slug), f("organization"))
	}
	every(OrgGzipBomb, func(key string) Fault {
		return GzipBomb(http.StatusOK, `{"`+key+`":{"uuid":"`, "0", bomb, `"}}`)
	})
	every(OrgSpaceBomb, func(key string) Fault {
		return GzipBomb(http.StatusOK, `{"`+key+`":`, " ", bomb, `null}`)
	})
	every(OrgArrayBomb, func(key string) Fault { return ArrayGzipBomb(key, bomb) })
	every(OrgErrorBomb, func(string) Fault { return ErrorGzipBomb(http.StatusUnauthorized, 400<<20) })
	every(OrgHugeError, func(string) Fault { return HugeErrorBody(http.StatusUnauthorized, 50_000_000) })
	// Each cut point once: 300 characters of a JSON error, 80 of a non-JSON error body, 60 of a
	// non-JSON 200 body; "Bearer " is 7 characters, so the token starts just before the cut.
	s.SetFault(UsagePath(OrgEchoToken), EchoToken(EchoJSONError, 290))
	s.SetFault(SubscriptionPath(OrgEchoToken), EchoToken(EchoTextError, 70))
	s.SetFault(PlansPath(OrgEchoToken), EchoToken(EchoText200, 50))
	s.SetFault(OrganizationPath(OrgEchoToken), EchoToken(EchoJSONError, 250))
	s.SetFault(UsagePath(OrgInvalidUTF8), InvalidUTF8Usage())
	s.SetFault(UsagePath(OrgDuplicateKey), DuplicateKeyUsage())
	for slug, list := range map[string]Fault{OrgEndlessEmptyPages: EndlessEmptyPages(), OrgEndlessFullPages: EndlessFullPages(), OrgEndlessFatPages: EndlessFatPages()} {
		s.SetUsage(slug, GenerateUsage(5, 1))
		s.SetFault(DatabasesPath(slug), list)
	}
	// Just under the usage cap of 128 MiB, with and without the end.
	s.SetFault(UsagePath(OrgTinyDatabases), TinyDatabasesUsage(128<<20-fillerMiB, true))
	s.SetFault(UsagePath(OrgTinyDatabasesCut), TinyDatabasesUsage(128<<20-fillerMiB, false))
	for _, slug := range []string{OrgTinyDatabases, OrgTinyDatabasesCut} {
		s.SetDatabases(slug, []byte(`{"databases": []}`))
	}
	s.SetFault(AuditLogsPath(OrgGzipBomb), GzipBomb(http.StatusOK, `{"audit_logs":[{"code":"`, "0", bomb, `"}]}`))
	s.SetFault(AuditLogsPath(OrgEchoToken), PlanGateEchoingToken())
	s.SetFault(AuditLogsPath(OrgEndlessAuditLog), EndlessAuditLog())
	s.SetFault(AuditLogsPath(OrgRepeatedAuditPage), RepeatedAuditPage())
	s.SetFault(AuditLogsPath(OrgAuditOutOfOrder), AuditLogOutOfOrder())
	s.SetFault(DatabaseConfigurationPath(OrgHugeAllowList, "wide-open"), HugeAllowList(HugeAllowListEntries))
	s.SetFault(DatabaseConfigurationPath(OrgHugeAllowList, "wider-than-cap"), HugeAllowList(10*HugeAllowListEntries))
}
