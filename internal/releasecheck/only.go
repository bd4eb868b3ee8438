package releasecheck

import (
	"bytes"
	"errors"
	"fmt"

	"gopkg.in/yaml.v3"
)

// OnlyPlatform returns a GoReleaser configuration that builds target alone ("linux_amd64_v1", as
// GoReleaser names targets) and is otherwise configYAML: every build gets targets: [target], which
// GoReleaser takes instead of goos, goarch and ignore. It is for a check within a time budget; a
// release builds every platform.
func OnlyPlatform(configYAML []byte, target string) ([]byte, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(configYAML, &doc); err != nil {
		return nil, fmt.Errorf("GoReleaser configuration: %w", err)
	}
	if len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, errors.New("the GoReleaser configuration is not a mapping")
	}
	builds := mappingValue(doc.Content[0], "builds")
	if builds == nil || builds.Kind != yaml.SequenceNode || len(builds.Content) == 0 {
		return nil, errors.New("the GoReleaser configuration has no builds")
	}
	for _, build := range builds.Content {
		if build.Kind != yaml.MappingNode {
			return nil, errors.New("a build of the GoReleaser configuration is not a mapping")
		}
		if mappingValue(build, "targets") != nil {
			return nil, errors.New("a build of the GoReleaser configuration already names its targets")
		}
		build.Content = append(build.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Value: "targets"},
			&yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: target}}})
	}
	var out bytes.Buffer
	enc := yaml.NewEncoder(&out)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	return out.Bytes(), enc.Close()
}

func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}
