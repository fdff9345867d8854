// Package route names every place the terminal UI can go. A page asks to
// go somewhere with one of these values; the router (ui/router.go) is the
// one place that builds the page for it, so the navigation graph reads in
// one file and no page constructs another.
package route

import "s3parts/model"

// Route is a place to go.
type Route interface{ route() }

type (
	// Buckets: every bucket the credentials see.
	Buckets struct{}
	// Objects: one prefix of a bucket.
	Objects struct{ Bucket, Prefix string }
	// Versions: every version of one key (Key set), or of every key under
	// a prefix (Key empty), delete markers included.
	Versions struct{ Bucket, Prefix, Key string }
	// Details: what HeadObject says of an object or a version.
	Details struct{ Ref model.Ref }
	// Uploads: the in-progress uploads of a bucket or prefix.
	Uploads struct{ Bucket, Prefix string }
	// Parts: the parts of one upload.
	Parts struct{ Upload model.Upload }
	// Planner: plan a copy of a source, to Dest (zero: beside the
	// source, so the default never overwrites it).
	Planner struct{ Source, Dest model.Ref }
	// Continue: go on with an upload — through the job that owns it, or
	// in the planner.
	Continue struct{ Upload model.Upload }
	// Jobs: the jobs screen, with a job selected.
	Jobs struct{ Select string }
	// Capabilities: what s3parts relies on about the endpoint, the
	// preset's guesses beside what a probe found; a probe runs in Bucket
	// (empty: only the checks that need no bucket), under Prefix.
	Capabilities struct{ Bucket, Prefix string }
	// Workbench: the in-progress uploads of every bucket, cleaned up in
	// bulk.
	Workbench struct{}
	// JobDetail: one job (Part < 0) or one of its parts, whole.
	JobDetail struct {
		Job  string
		Part int
	}
)

func (Buckets) route()      {}
func (Objects) route()      {}
func (Versions) route()     {}
func (Details) route()      {}
func (Uploads) route()      {}
func (Parts) route()        {}
func (Planner) route()      {}
func (Continue) route()     {}
func (Jobs) route()         {}
func (JobDetail) route()    {}
func (Capabilities) route() {}
func (Workbench) route()    {}
