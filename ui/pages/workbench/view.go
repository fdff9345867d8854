package workbench

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"

	"s3parts/model"
	"s3parts/provider"
	"s3parts/ui/common"
)

// tally adds up uploads and what they cost a month (an estimate: prices
// in another currency than the first one found are left out, as the CLI
// does).
type tally struct {
	model.Totals
	cost     float64
	currency string
}

// costOf is an upload's estimated monthly cost; ok false while it is not
// sized or when no price is known for its class.
func (p *Page) costOf(u model.HeldUpload) (amount float64, currency string, ok bool) {
	if !u.Sized {
		return 0, "", false
	}
	pr, ok := p.prices.Price(p.provider, u.StorageClass)
	if !ok {
		return 0, "", false
	}
	return pr.Monthly(u.Bytes), pr.Currency, true
}

func (t *tally) add(p *Page, u model.HeldUpload) {
	t.Totals.Add(u)
	t.addCost(p, u)
}

func (t *tally) addCost(p *Page, u model.HeldUpload) {
	if c, cur, ok := p.costOf(u); ok && (t.currency == "" || t.currency == cur) {
		t.cost, t.currency = t.cost+c, cur
	}
}

// resize counts in the size just read of an upload counted unsized.
func (t *tally) resize(p *Page, before, after model.HeldUpload) {
	if before.Sized || !after.Sized {
		return
	}
	t.Unsized--
	t.Parts += after.Parts
	t.Bytes += after.Bytes
	t.addCost(p, after)
}

// costText is "~$1.20", "…" while nothing is sized, "-" with no price.
func (t tally) costText() string {
	switch {
	case t.currency != "":
		return "~" + model.FormatCost(t.cost, t.currency)
	case t.Unsized > 0 && t.Unsized == t.Uploads:
		return "…"
	}
	return "-"
}

// bytesText is a tally's bytes, "…" while none is sized, with a "+"
// while some are still to be read.
func (t tally) bytesText() string {
	switch {
	case t.Uploads > 0 && t.Unsized == t.Uploads:
		return "…"
	case t.Unsized > 0:
		return common.FmtSize(t.Bytes) + "+"
	}
	return common.FmtSize(t.Bytes)
}

func (p *Page) Len() int { return len(p.shown) }

func (p *Page) Cells(i int) ([]string, lipgloss.Style) {
	e := p.all[p.shown[i]]
	mark, st := " ", lipgloss.Style{}
	if p.marked[keyOf(e.HeldUpload)] != nil {
		mark, st = "*", p.env.Styles.Value
	}
	parts, bytes, cost := "…", "…", "…"
	switch {
	case e.Sized:
		parts, bytes, cost = fmt.Sprint(e.Parts), common.FmtSize(e.Bytes), "-"
		if c, cur, ok := p.costOf(e.HeldUpload); ok {
			cost = "~" + model.FormatCost(c, cur)
		}
	case e.SizeErr != "":
		parts, bytes, cost, st = "?", "?", "?", p.env.Styles.Warn
	}
	job := cmp.Or(e.Job, "-")
	switch {
	case e.failed:
		job, st = e.note, p.env.Styles.Err
	case e.note != "":
		job, st = e.note, p.env.Styles.Warn
	}
	return []string{mark, e.Bucket, e.Key, e.UploadID, common.FmtTime(e.Initiated), common.FmtAge(p.env.Now(), e.Initiated),
		cmp.Or(e.StorageClass, "STANDARD"), parts, bytes, cost, job}, st
}

// bucketRows are the buckets pane's rows.
type bucketRows struct{ p *Page }

func (r bucketRows) Len() int { return len(r.p.rows) }

func (r bucketRows) Cells(i int) ([]string, lipgloss.Style) {
	p, b := r.p, r.p.rows[i]
	if b.Err != "" {
		return []string{b.Bucket, "?", "", "", "", "error: " + b.Err, ""}, p.env.Styles.Err
	}
	oldest := "-"
	if !b.Oldest.IsZero() {
		oldest = model.FormatAge(p.env.Now().Sub(b.Oldest))
	}
	st := lipgloss.Style{}
	if b.tally.Uploads == 0 {
		st = p.env.Styles.Dim
	}
	return []string{b.Bucket, fmt.Sprint(b.tally.Uploads), fmt.Sprint(b.Parts), b.bytesText(), oldest,
		provider.AbortRuleText(b.BucketUploads, p.client.Preset()), b.costText()}, st
}

func sortRows(rows []*bucketRow) {
	slices.SortFunc(rows, func(a, b *bucketRow) int { return strings.Compare(a.Bucket, b.Bucket) })
}

// setTop writes the count line over the uploads: how many the filters
// show, the age filter, the marks.
func (p *Page) setTop() {
	p.Top = ""
	if len(p.all) == 0 {
		return // none: the list says so
	}
	s := p.Counted(len(p.shown), len(p.all), "upload")
	if p.age > 0 {
		s = fmt.Sprintf("%d of %s %s", len(p.shown), common.Count(len(p.all), "upload"), ages[p.age].label)
		if p.FilterText() != "" {
			s += " match"
		}
	}
	if n := len(p.marked); n > 0 {
		var ups []model.HeldUpload
		for _, e := range p.marked {
			ups = append(ups, e.HeldUpload)
		}
		what, _ := holding(ups)
		s += " · marked: " + what
	}
	p.Top = p.env.Styles.Dim.Render(s)
}

// totalsLine is the first line: every upload listed, what it holds and
// costs, labelled an estimate.
func (p *Page) totalsLine() string {
	t, s := p.total, p.env.Styles
	holdingN := 0
	for _, b := range p.buckets {
		if b.tally.Uploads > 0 {
			holdingN++
		}
	}
	parts := []string{
		fmt.Sprintf("%s in %d of %s", common.Count(t.Uploads, "upload"), holdingN, common.Count(len(p.buckets), "bucket")),
		common.Count(t.Parts, "part"), t.bytesText(),
	}
	if !t.Oldest.IsZero() {
		parts = append(parts, "oldest "+model.FormatAge(p.env.Now().Sub(t.Oldest)))
	}
	switch {
	case t.currency != "":
		parts = append(parts, t.costText()+" a month (estimate)")
	case t.Bytes > 0:
		parts = append(parts, "no estimate: no price known for "+p.provider)
	}
	if t.Unsized > 0 {
		parts = append(parts, fmt.Sprintf("%d not sized", t.Unsized))
	}
	return s.Value.Render(strings.Join(parts, " · "))
}

// activity is the second line: what goes on, else a note on the upload
// selected.
func (p *Page) activity() string {
	s, pr := p.env.Styles, p.progress
	switch {
	case p.Loading:
		return s.Running.Render(fmt.Sprintf("%s listing uploads: %d of %d buckets · %s · %d sized", p.env.Spin(),
			pr.BucketsDone, pr.Buckets, common.Count(pr.Uploads, "upload"), pr.Sized))
	case p.abort.left > 0:
		return s.Running.Render(fmt.Sprintf("%s aborting: %d of %d done", p.env.Spin(), p.abort.asked-p.abort.left, p.abort.asked))
	case p.sizing > 0:
		return s.Running.Render(fmt.Sprintf("%s sizing uploads: %d of %d sized", p.env.Spin(), p.total.Uploads-p.total.Unsized, p.total.Uploads))
	}
	e := p.selected()
	if p.onBuckets || e == nil {
		return s.Dim.Render(p.priceNote())
	}
	switch {
	case e.note != "":
		return s.Warn.Render(e.note)
	case e.Job != "":
		return s.Warn.Render(fmt.Sprintf("owned by s3parts job %s (%s): an abort skips it while the job copies into it", e.Job, e.JobState))
	}
	pre := p.client.Preset()
	if note := pre.UploadPurge(e.Initiated, p.env.Now()); note != "" {
		return s.Warn.Render("selected upload: " + note)
	}
	rule := provider.AbortRuleText(p.buckets[e.Bucket].BucketUploads, pre)
	line := "bucket " + e.Bucket + ": abort rule " + rule
	if rule == "none" {
		line += " (" + common.KeyOf(p.env.Keys.Workbench.Rule) + " adds one)"
	}
	return s.Dim.Render(line)
}

// priceNote says which price the estimates use and what they leave out.
func (p *Page) priceNote() string {
	pr, ok := p.prices.Price(p.provider, "")
	if !ok {
		return "no estimate: s3parts knows no price for " + p.provider + " (prices.json in the s3parts config folder sets one)"
	}
	src := pr.Source
	if pr.AsOf != "" {
		src += ", " + pr.AsOf
	}
	return fmt.Sprintf("estimate at %s per GiB-month (%s STANDARD, %s): list price of storage, before free tiers, minimums and discounts",
		model.FormatCost(pr.PerGiBMonth, pr.Currency), p.provider, src)
}

// View draws the totals, the activity line and a pane. It changes
// nothing.
func (p *Page) View() string {
	w, _ := p.Size()
	top := common.Fit(p.totalsLine(), w, false) + "\n" + common.Fit(p.activity(), w, false) + "\n"
	if p.Loading && len(p.all) == 0 {
		top = common.Fit(p.env.Styles.Dim.Render("nothing counted yet"), w, false) + "\n" + common.Fit(p.activity(), w, false) + "\n"
	}
	if !p.onBuckets {
		empty := "no in-progress uploads in any bucket"
		if p.age > 0 && len(p.all) > 0 {
			empty = fmt.Sprintf("no upload is older than %s (%s steps the age filter)", ages[p.age].label[1:], common.KeyOf(p.env.Keys.Workbench.Age))
		}
		return top + p.ListView.View(empty)
	}
	count := common.Count(len(p.rows), "bucket") + " to look at (holding uploads, or without an abort rule) of " + common.Count(len(p.buckets), "bucket")
	return top + common.Fit(p.env.Styles.Dim.Render(count), w, false) + "\n" + p.bt.View()
}
