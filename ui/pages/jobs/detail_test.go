package jobs

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/viewport"
	"charm.land/lipgloss/v2"

	"s3parts/jobs"
	"s3parts/model"
	"s3parts/ui/common"
	"s3parts/ui/internal/pagetest"
)

// The job's page, which writes only the parts on screen, scrolls as the
// whole text did in a viewport: the same screens after the same keys, at
// a width where long errors wrap.
func TestDetailScrollsAsTheWholeText(t *testing.T) {
	svc, id := serviceWith(t, 300)
	e := pagetest.Env(t)
	for _, size := range [][2]int{{70, 12}, {120, 30}} {
		w, h := size[0], size[1]
		p := NewDetail(e, svc, id, -1)
		p.SetSize(w, h)
		in, _ := svc.Get(id)
		var b strings.Builder
		jobs.WriteJob(&b, in, e.Commands)
		vp := viewport.New()
		vp.SetWidth(w)
		vp.SetHeight(h)
		vp.SetContent(lipgloss.NewStyle().Width(w).Render(model.VisibleText(b.String())))
		keys := []string{"down", "down", "pgdown", "pgdown", "down", "up", "pgup", "end", "down", "up", "up", "pgup", "home", "up"}
		for i := range 40 {
			keys = append(keys, []string{"pgdown", "down", "down", "pgdown", "up"}[i%5])
		}
		keys = append(keys, "end", "pgup", "pgup", "home")
		for i, k := range keys {
			m := pagetest.Key(k)
			p.Update(m)
			common.Scroll(&vp, m, e.Keys.List)
			if got, want := p.View(), vp.View(); got != want {
				t.Fatalf("%dx%d, after key %d (%s):\n%s\nwanted:\n%s", w, h, i, k, got, want)
			}
		}
	}
}

// A part's page says all of the part, with the job's part count.
func TestDetailOfAPart(t *testing.T) {
	svc, id := serviceWith(t, 300)
	p := NewDetail(pagetest.Env(t), svc, id, 5)
	p.SetSize(100, 20)
	v := p.View()
	for _, want := range []string{"part          6 of 300", "InternalError", "request id req-5"} {
		if !strings.Contains(v, want) {
			t.Fatalf("no %q:\n%s", want, v)
		}
	}
}
