package provider

import (
	"context"
	"fmt"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
)

// expectCheckBlock asserts the recorded result of a `check` block, and that each failure message
// contains the given fragments. A failing check block is only a warning, so the state is where
// its result shows.
type expectCheckBlock struct {
	name      string
	status    tfjson.CheckStatus
	fragments []string
}

func (e expectCheckBlock) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	for _, c := range req.State.Checks {
		if c.Address.Kind != tfjson.CheckKindCheckBlock || c.Address.Name != e.name {
			continue
		}
		if c.Status != e.status {
			resp.Error = fmt.Errorf("check %q: status %q, want %q", e.name, c.Status, e.status)
			return
		}
		var problems []string
		for _, in := range c.Instances {
			for _, p := range in.Problems {
				problems = append(problems, p.Message)
			}
		}
		all := strings.Join(problems, "\n")
		for _, f := range e.fragments {
			if !strings.Contains(all, f) {
				resp.Error = fmt.Errorf("check %q: problems %q do not mention %q", e.name, all, f)
				return
			}
		}
		return
	}
	resp.Error = fmt.Errorf("no result for check %q in the state", e.name)
}
