package faketurso

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// Hostile audit logs and configurations: logs whose pages never end, repeat or go back in time, a
// plan gate that echoes the token, and allow lists far longer than any real one.

// endlessAuditTime is when every entry of an endless log was created: far in the future, so that any
// window holds it.
const endlessAuditTime = "2999-01-01T00:00:00Z"

// EndlessAuditLog is an audit log whose pages each hold as many db-token-create entries as the client
// asks for (at most 100), all different and all created at the same instant, and claim a billion pages.
func EndlessAuditLog() Fault {
	return Fault{Stream: func(r *http.Request, w io.Writer) {
		page, size, _ := pageQuery(r)
		writeSameInstantPage(w, page, size, func(i int) string { return fmt.Sprintf(`{"sequence":%d}`, (page-1)*size+i) })
	}}
}

// RepeatedAuditPage is an audit log whose every page holds the same entries, created at the same
// instant, under the page number asked for.
func RepeatedAuditPage() Fault {
	return Fault{Stream: func(r *http.Request, w io.Writer) {
		page, size, _ := pageQuery(r)
		writeSameInstantPage(w, page, size, func(i int) string { return fmt.Sprintf(`{"sequence":%d}`, i) })
	}}
}

// writeSameInstantPage writes page of a billion-page log of entries created at endlessAuditTime.
func writeSameInstantPage(w io.Writer, page, size int, data func(i int) string) {
	var b strings.Builder
	b.WriteString(`{"audit_logs":[`)
	for i := range size {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"code":"db-token-create","message":"token","origin":"cli","author":"ada","created_at":%q,"data":%s}`, endlessAuditTime, data(i))
	}
	fmt.Fprintf(&b, `],"pagination":{"page":%d,"page_size":%d,"total_pages":1000000000,"total_rows":100000000000}}`, page, size)
	_, _ = io.WriteString(w, b.String())
}

// AuditLogOutOfOrder is an audit log whose second page is newer than its first: page 1 holds 100
// entries of 2026-11-09, page 2 entries of 2026-11-10.
func AuditLogOutOfOrder() Fault {
	return Fault{Stream: func(r *http.Request, w io.Writer) {
		page, size, _ := pageQuery(r)
		var b strings.Builder
		b.WriteString(`{"audit_logs":[`)
		for i := range size {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"code":"db-create","created_at":"2026-11-%02dT%02d:%02d:00Z","data":{}}`, 8+page%3, 23-i/60, 59-i%60)
		}
		fmt.Fprintf(&b, `],"pagination":{"page":%d,"page_size":%d,"total_pages":3,"total_rows":%d}}`, page, size, 3*size)
		_, _ = io.WriteString(w, b.String())
	}}
}

// PlanGateEchoingToken is the plan gate's 403, whose message echoes the request's Authorization.
func PlanGateEchoingToken() Fault {
	return Fault{Status: http.StatusForbidden, Stream: func(r *http.Request, w io.Writer) {
		_, _ = fmt.Fprintf(w, `{"error":%q,"code":"feature_not_available_for_starter_plan"}`,
			"audit logs are not available on the starter plan for "+r.Header.Get("Authorization"))
	}}
}

// HugeAllowList is a database configuration whose allowed_ips lists n different IPv4 networks, written
// as it is sent.
func HugeAllowList(n int) Fault {
	return Fault{Stream: func(_ *http.Request, w io.Writer) {
		if _, err := io.WriteString(w, `{"size_limit":"1gb","block_reads":false,"block_writes":false,"delete_protection":true,"allowed_ips":[`); err != nil {
			return
		}
		b := make([]byte, 0, 64<<10)
		for i := range n {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `"10.`...)
			b = strconv.AppendInt(b, int64(i>>16&255), 10)
			b = append(b, '.')
			b = strconv.AppendInt(b, int64(i>>8&255), 10)
			b = append(b, '.')
			b = strconv.AppendInt(b, int64(i&255), 10)
			b = append(b, `/32"`...)
			if len(b) > 60<<10 {
				if _, err := w.Write(b); err != nil {
					return
				}
				b = b[:0]
			}
		}
		b = append(b, `],"allowed_aws_vpc_ids":[]}`...)
		_, _ = w.Write(b)
	}}
}
