package details

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"s3parts/model"
	"s3parts/ui/common"
)

// maxPartSizes bounds the part sizes read when the page opens (one
// HeadObject each); the rest are counted, not sized.
const maxPartSizes = 100

// extra is what the page reads beyond HeadObject: tags, the part sizes of
// a multipart object, and whether the version shown is the latest.
type extra struct {
	attrs     model.SourceAttrs
	partSizes []int64
	sizesErr  error
	// latest: "" unknown, else what to say.
	latest string
}

// readExtra reads it; each failure is kept with what it concerns.
func readExtra(ctx context.Context, c Header, ref model.Ref, info model.ObjectInfo, parts int32) extra {
	x := extra{attrs: c.SourceAttrs(ctx, info, true)}
	n := min(int(parts), maxPartSizes)
	if n > 0 {
		x.partSizes = make([]int64, n)
		var wg sync.WaitGroup
		var mu sync.Mutex
		slots := make(chan struct{}, 8)
		for i := range n {
			wg.Go(func() {
				slots <- struct{}{}
				defer func() { <-slots }()
				size, err := c.PartSize(ctx, ref, int32(i+1))
				mu.Lock()
				defer mu.Unlock()
				if err != nil && x.sizesErr == nil {
					x.sizesErr = err
				}
				x.partSizes[i] = size
			})
		}
		wg.Wait()
	}
	switch {
	case ref.VersionID == "":
		x.latest = "yes (no version was named)"
	default:
		if now, err := c.HeadObject(ctx, ref.WithoutVersion()); err == nil && now.VersionID == info.VersionID {
			x.latest = "yes"
		} else if err == nil {
			x.latest = "no: the latest is version " + model.Visible(now.VersionID)
		} else {
			x.latest = "no: the key's latest is a delete marker, or cannot be read (" + common.OneLine(err.Error()) + ")"
		}
	}
	return x
}

// sizesText writes part sizes as runs: "5 MiB × 12, 3 MiB".
func sizesText(sizes []int64) string {
	var out []string
	for i := 0; i < len(sizes); {
		j := i
		for j < len(sizes) && sizes[j] == sizes[i] {
			j++
		}
		if j-i > 1 {
			out = append(out, fmt.Sprintf("%s × %d", common.FmtSize(sizes[i]), j-i))
		} else {
			out = append(out, common.FmtSize(sizes[i]))
		}
		i = j
	}
	return strings.Join(out, ", ")
}

// tagsText writes the tags sorted, or why they are not shown.
func tagsText(a model.SourceAttrs) string {
	switch {
	case !a.TagsRead:
		return "not read: " + common.OneLine(a.TagsError)
	case len(a.Tags) == 0:
		return ""
	}
	var kv []string
	for _, k := range slices.Sorted(maps.Keys(a.Tags)) {
		kv = append(kv, model.Visible(k)+"="+model.Visible(a.Tags[k]))
	}
	return strings.Join(kv, ", ")
}
