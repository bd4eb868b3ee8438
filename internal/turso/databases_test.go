package turso_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/turso-terraform/terraform-provider-turso/internal/faketurso"
	"github.com/turso-terraform/terraform-provider-turso/internal/turso"
)

func TestDatabases_followsPagination(t *testing.T) {
	fake, url := faketurso.Start(t)
	fake.SetPageSize(2)
	dbs, err := newClient(t, fastOptions(url)).Databases(context.Background(), faketurso.OrgDemo)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := range dbs.Len() {
		d := dbs.Database(i)
		got = append(got, d.Name+"="+d.UUID[len(d.UUID)-4:]+"/"+d.Group)
	}
	if want := "orders-prod=a001/default users-prod=a002/default analytics=a003/eu orders-staging=a004/default scratch=a005/default"; strings.Join(got, " ") != want {
		t.Errorf("databases %q, want %q", strings.Join(got, " "), want)
	}
	var queries []string
	for _, r := range fake.Requests() {
		queries = append(queries, r.Query)
	}
	if want := "limit=1000 cursor=2&limit=1000 cursor=4&limit=1000"; strings.Join(queries, " ") != want {
		t.Errorf("queries %q, want %q: one request per page", strings.Join(queries, " "), want)
	}
}

func TestDatabases_pages(t *testing.T) {
	for name, tc := range map[string]struct {
		bodies   []string
		want     string // names, or a fragment of the error
		requests int
	}{
		"no pagination is the whole list": {[]string{`{"databases":[{"Name":"a","DbId":"1"}]}`}, "a", 1},
		"next absent":                     {[]string{`{"databases":[{"Name":"a","DbId":"1"}],"pagination":{}}`}, "a", 1},
		"empty list":                      {[]string{`{"databases":[],"pagination":{"next":null}}`}, "", 1},
		"two pages": {[]string{`{"databases":[{"Name":"a","DbId":"1"}],"pagination":{"next":"c1"}}`,
			`{"databases":[{"Name":"b","DbId":"2","group":"g"}],"pagination":{"next":null}}`}, "a b", 2},
		"a repeated cursor": {[]string{`{"databases":[],"pagination":{"next":"c1"}}`, `{"databases":[],"pagination":{"next":"c1"}}`},
			`pagination.next: repeats the cursor "c1" of an earlier page`, 2},
		"no DbId":         {[]string{`{"databases":[{"Name":"a","DbId":"1"},{"Name":"b"}]}`}, "databases[1].DbId: is missing or empty", 1},
		"no name":         {[]string{`{"databases":[{"DbId":"1"}]}`}, "databases[0].Name: is missing or empty", 1},
		"lower-case keys": {[]string{`{"databases":[{"name":"a","dbId":"1"}]}`}, "databases[0].Name: is missing or empty", 1},
		"no list":         {[]string{`{"error":"maintenance"}`}, `200 OK with an error instead of "databases": maintenance`, 1},
		"a number cursor": {[]string{`{"databases":[],"pagination":{"next":3}}`}, "pagination.next: is a JSON number, want a string", 1},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake, url := faketurso.Start(t)
			for _, b := range tc.bodies {
				fake.Script(faketurso.DatabasesPath("acme"), faketurso.Fault{Body: []byte(b)})
			}
			dbs, err := newClient(t, fastOptions(url)).Databases(context.Background(), "acme")
			var names []string
			for i := range dbs.Len() {
				names = append(names, dbs.Database(i).Name)
			}
			got := strings.Join(names, " ")
			if err != nil {
				got = err.Error()
			}
			if !strings.Contains(got, tc.want) || (err == nil && got != tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if n := fake.RequestCount(faketurso.DatabasesPath("acme")); n != tc.requests {
				t.Errorf("%d requests, want %d", n, tc.requests)
			}
		})
	}
}

func TestDatabaseUsage(t *testing.T) {
	for name, tc := range map[string]struct {
		org, database string
		body          string // scripted, when not empty
		rowsRead      int64
		instances     int
	}{
		"documented shape": {org: faketurso.OrgReference, database: "my-db", rowsRead: 0, instances: 2},
		"live shape":       {org: faketurso.OrgLive, database: "orders-prod", rowsRead: 1<<53 + 1, instances: 2},
		"top-level total only": {org: "acme", database: "x", rowsRead: 7, instances: 0,
			body: `{"database":{"uuid":"u","instances":[]},"instances":{},"total":{"rows_read":7}}`},
		"database total wins": {org: "acme", database: "x", rowsRead: 1, instances: 0,
			body: `{"database":{"uuid":"u","total":{"rows_read":1},"usage":{"rows_read":2}},"total":{"rows_read":3}}`},
		"database usage before the top level": {org: "acme", database: "x", rowsRead: 2, instances: 0,
			body: `{"database":{"uuid":"u","usage":{"rows_read":2}},"total":{"rows_read":3}}`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			fake, url := faketurso.Start(t)
			if tc.body != "" {
				fake.Script(faketurso.DatabaseUsagePath(tc.org, tc.database), faketurso.Fault{Body: []byte(tc.body)})
			}
			u, err := newClient(t, fastOptions(url)).DatabaseUsage(context.Background(), tc.org, tc.database, turso.UsageWindow{})
			if err != nil {
				t.Fatal(err)
			}
			mustInt(t, u.Total.RowsRead, tc.rowsRead)
			if len(u.Instances) != tc.instances {
				t.Errorf("%d instances, want %d", len(u.Instances), tc.instances)
			}
		})
	}
}

func TestDatabaseUsage_window(t *testing.T) {
	fake, url := faketurso.Start(t)
	client := newClient(t, fastOptions(url))
	for _, tc := range []struct {
		window turso.UsageWindow
		query  string
	}{
		{turso.UsageWindow{}, ""},
		{turso.UsageWindow{From: "2026-11-01T00:00:00+01:00"}, "from=2026-11-01T00%3A00%3A00%2B01%3A00"},
		{turso.UsageWindow{From: "2026-11-22T10:00:00Z", To: "2026-11-23T10:00:00.5Z"}, "from=2026-11-22T10%3A00%3A00Z&to=2026-11-23T10%3A00%3A00.5Z"},
		// RFC 3339 allows lowercase; the API's examples spell them in upper case.
		{turso.UsageWindow{From: "2026-11-22t10:00:00z", To: "2026-11-23t10:00:00+01:00"}, "from=2026-11-22T10%3A00%3A00Z&to=2026-11-23T10%3A00%3A00%2B01%3A00"},
	} {
		before := len(fake.Requests())
		if _, err := client.DatabaseUsage(context.Background(), faketurso.OrgDemo, "analytics", tc.window); err != nil {
			t.Fatalf("%+v: %v", tc.window, err)
		}
		reqs := fake.Requests()[before:]
		if len(reqs) != 1 || reqs[0].Query != tc.query {
			t.Errorf("%+v: requests %+v, want one with query %q", tc.window, reqs, tc.query)
		}
	}
}

func TestDatabaseUsage_refusedBeforeSending(t *testing.T) {
	fake, url := faketurso.Start(t)
	client := newClient(t, fastOptions(url))
	for name, tc := range map[string]struct {
		database string
		window   turso.UsageWindow
		want     string
	}{
		"no zone":        {"analytics", turso.UsageWindow{From: "2026-11-01T00:00:00"}, `from "2026-11-01T00:00:00" is not an RFC 3339 timestamp with a zone`},
		"a date":         {"analytics", turso.UsageWindow{To: "2026-11-01"}, `to "2026-11-01" is not an RFC 3339 timestamp`},
		"to before from": {"analytics", turso.UsageWindow{From: "2026-11-02T00:00:00Z", To: "2026-11-01T00:00:00Z"}, "is not after from"},
		"empty window":   {"analytics", turso.UsageWindow{From: "2026-11-02T00:00:00Z", To: "2026-11-02T01:00:00+01:00"}, "is not after from"},
		"slash":          {"a/b", turso.UsageWindow{}, `database "a/b" must not contain '/'`},
		"dot-dot":        {"..", turso.UsageWindow{}, `must not be "." or contain ".."`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := client.DatabaseUsage(context.Background(), faketurso.OrgDemo, tc.database, tc.window)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	if n := len(fake.Requests()); n != 0 {
		t.Errorf("%d requests were sent, want none", n)
	}
}

func TestDatabaseUsage_notFound(t *testing.T) {
	_, url := faketurso.Start(t)
	_, err := newClient(t, fastOptions(url)).DatabaseUsage(context.Background(), faketurso.OrgDemo, "nope", turso.UsageWindow{})
	var apiErr *turso.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || apiErr.Message != "database not found" {
		t.Errorf("err = %v, want a 404 with the API's message", err)
	}
}

func TestDatabases_flagsAndRegion(t *testing.T) {
	for name, tc := range map[string]struct {
		entry string
		want  string // reads/writes/protection region, or a fragment of the error
	}{
		"all set":     {`"block_reads":true,"block_writes":false,"delete_protection":true,"primaryRegion":"aws-eu-west-1"`, "true/false/true aws-eu-west-1"},
		"all absent":  {``, "-/-/- "},
		"null":        {`"block_reads":null,"block_writes":true,"delete_protection":null,"primaryRegion":null`, "-/true/- "},
		"a string":    {`"block_writes":"yes"`, "databases[0].block_writes: is a JSON string, want a boolean"},
		"a number":    {`"delete_protection":1`, "databases[0].delete_protection: is a JSON number, want a boolean"},
		"region list": {`"primaryRegion":["a"]`, "databases[0].primaryRegion: is a JSON array, want a string"},
		"duplicate":   {`"block_reads":true,"block_reads":false`, `databases[0]: duplicate key "block_reads"`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if tc.entry != "" {
				tc.entry = "," + tc.entry
			}
			dbs, err := turso.DecodeDatabasePage(strings.NewReader(`{"databases":[{"Name":"a","DbId":"1"` + tc.entry + `}]}`))
			got := ""
			if err != nil {
				got = err.Error()
			} else {
				d := dbs.Databases[0]
				flag := func(f turso.Flag) string {
					if v, ok := f.Bool(); ok {
						return fmt.Sprint(v)
					}
					return "-"
				}
				got = flag(d.BlockReads) + "/" + flag(d.BlockWrites) + "/" + flag(d.DeleteProtection) + " " + d.PrimaryRegion
			}
			if !strings.Contains(got, tc.want) || (err == nil && got != tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// The list comes back indexed, whatever the order of its pages: each database is found by its UUID.
func TestDatabases_indexed(t *testing.T) {
	fake, url := faketurso.Start(t)
	fake.Script(faketurso.DatabasesPath("acme"),
		faketurso.Fault{Body: []byte(`{"databases":[{"Name":"c","DbId":"3"},{"Name":"a","DbId":"1"}],"pagination":{"next":"p2"}}`)},
		faketurso.Fault{Body: []byte(`{"databases":[{"Name":"b","DbId":"2"}]}`)})
	dbs, err := newClient(t, fastOptions(url)).Databases(context.Background(), "acme")
	if err != nil {
		t.Fatal(err)
	}
	for uuid, want := range map[string]string{"1": "a", "2": "b", "3": "c"} {
		id := turso.IDOf(uuid)
		if i := dbs.Find(&id); i < 0 || dbs.Name(i) != want {
			t.Errorf("database %s found at %d, want it named %q", uuid, i, want)
		}
	}
}
