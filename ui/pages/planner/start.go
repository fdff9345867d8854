package planner

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"s3parts/model"
	"s3parts/provider"
	"s3parts/ui/common"
)

// start checks the plan, then the destination bucket (it must exist), then
// the destination key (an object there is replaced, or gets a new version
// on top: asked first), then starts the job.
func (p *Page) start() tea.Cmd {
	if p.starting {
		return common.Status("the copy is starting…")
	}
	return p.startChecked()
}

// startChecked goes through the checks, the plan frozen until the job
// starts or a check stops it.
func (p *Page) startChecked() tea.Cmd {
	if refused := p.env.RefuseWrite(); refused != nil {
		return refused
	}
	if cmd := p.loadKeys(); cmd != nil {
		// A new source key: the source is read again with it first.
		return tea.Batch(cmd, common.Status("reading the source with its key: start again once it is read"))
	}
	plan, err := p.plan()
	if err != nil {
		return common.Failed(err)
	}
	p.starting = true
	if p.bucket.name != plan.Dest.Bucket || !p.bucket.done {
		return p.checkBucket(true) // start goes on once the answer is in
	}
	if p.bucket.err != nil {
		p.starting = false
		return common.Failed(fmt.Errorf("bucket %s cannot be written into: %w", plan.Dest.Bucket, p.bucket.err))
	}
	if p.upload != nil {
		extra := p.unusedStored()
		if extra == "" {
			return p.launch(plan)
		}
		q := fmt.Sprintf("Upload %s also holds part %s, which this plan does not use: the object will leave it out. Start?", p.upload.UploadID, extra)
		return p.env.AskWith(common.Confirm{Question: q, OnYes: func() tea.Cmd { return p.launch(plan) },
			OnNo: func() tea.Cmd { p.starting = false; return nil }})
	}
	ctx, c, id := p.env.Ctx, p.client, p.id
	return func() tea.Msg {
		info, err := c.HeadObject(ctx, plan.Dest)
		return destChecked{id: id, plan: plan, info: info, err: err}
	}
}

// destChecked asks before an existing object is replaced or versioned.
func (p *Page) destChecked(m destChecked) tea.Cmd {
	switch {
	case provider.IsNotFound(m.err):
		return p.launch(m.plan)
	case m.err != nil:
		// Only "not found" says the destination is absent.
		p.starting = false
		return common.Failed(fmt.Errorf("checking whether %s exists before writing it (nothing was sent): %w", m.plan.Dest, m.err))
	}
	exists := fmt.Sprintf("%s exists (%s, modified %s).", m.plan.Dest, common.FmtSize(m.info.Size), common.FmtTime(m.info.LastModified))
	q := exists + " Replace it with the copy?"
	switch p.bucket.versioning {
	case "Enabled":
		q = exists + " The bucket keeps versions: the copy is added as its latest version and this one stays below it. Go on?"
	case "Suspended":
		q = exists + " Versioning is suspended in the bucket: the copy replaces its null version (older versions stay). Go on?"
	}
	return p.env.AskWith(common.Confirm{Question: q, OnYes: func() tea.Cmd { return p.launch(m.plan) },
		OnNo: func() tea.Cmd { p.starting = false; return nil }})
}

// launch starts the plan as a job of the service.
func (p *Page) launch(plan model.Plan) tea.Cmd {
	if err := p.useDestKey(plan); err != nil {
		p.starting = false
		return common.Failed(err)
	}
	job := model.NewJob(model.NewJobID(), plan, p.env.Now())
	job.Concurrency, _ = p.inFlight() // checked with the plan
	ctx, j, id := p.env.Ctx, p.jobs, p.id
	if p.upload == nil {
		return func() tea.Msg { return ready{id: id, job: job, err: j.Start(ctx, job)} }
	}
	// Parts the upload already holds are kept only when their bytes are
	// proven to be the planned ranges of this source.
	upload := p.upload.UploadID
	stored := slices.Collect(maps.Values(p.stored))
	recopy := maps.Clone(p.recopy)
	return tea.Batch(common.Status("checking the parts the upload holds against the source…"), func() tea.Msg {
		if _, err := j.OnUpload(ctx, &job, upload, stored, recopy); err != nil {
			return ready{id: id, err: err}
		}
		return ready{id: id, job: job, err: j.Start(ctx, job)}
	})
}

// unusedStored names the parts the upload holds that the plan does not use.
func (p *Page) unusedStored() string {
	var nums []int
	for n := range p.stored {
		if !slices.ContainsFunc(p.parts, func(pt model.PlannedPart) bool { return pt.Number == n }) {
			nums = append(nums, int(n))
		}
	}
	slices.Sort(nums)
	var out []string
	for _, n := range nums {
		out = append(out, fmt.Sprint(n))
	}
	return strings.Join(out, ", ")
}
