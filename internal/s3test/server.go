// Package s3test gives tests a real S3 server: versitygw v1.8.0 started
// in-process on a temporary directory, or any other endpoint named by
// S3PARTS_TEST_ENDPOINT, S3PARTS_TEST_ACCESS_KEY and S3PARTS_TEST_SECRET_KEY.
// For speed it also gives Cloud, a server that models a cloud's timing
// (latency, part-copy rates, SlowDown) and moves no data.
//
// Only tests and the demo import this package, so the product binary never
// links the server.
package s3test

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/versity/versitygw/backend/meta"
	"github.com/versity/versitygw/backend/posix"
	"github.com/versity/versitygw/embedgw"
)

// Server is an S3 endpoint tests can use.
type Server struct {
	Endpoint  string
	AccessKey string
	SecretKey string
	Region    string
	// External is true when the endpoint came from S3PARTS_TEST_ENDPOINT.
	External bool
	// Dir is the gateway's data directory (empty for an external server).
	Dir string
	// stateDir stands in for XDG_STATE_HOME (the job journal).
	stateDir string

	stop func()
}

// Env names of an external test endpoint.
const (
	EnvEndpoint  = "S3PARTS_TEST_ENDPOINT"
	EnvAccessKey = "S3PARTS_TEST_ACCESS_KEY"
	EnvSecretKey = "S3PARTS_TEST_SECRET_KEY"
	EnvRegion    = "S3PARTS_TEST_REGION"
)

// Options tune an in-process gateway.
type Options struct {
	// Dir keeps the data in this directory; empty means a temporary one,
	// removed by Stop.
	Dir string
	// Addr is host:port to listen on; empty picks a free loopback port.
	Addr string
}

// Start returns the external server named by the environment, or starts
// versitygw in-process. Only one in-process gateway can run per process.
func Start(opts Options) (*Server, error) {
	if ep := os.Getenv(EnvEndpoint); ep != "" {
		s := &Server{Endpoint: ep, AccessKey: os.Getenv(EnvAccessKey), SecretKey: os.Getenv(EnvSecretKey),
			Region: os.Getenv(EnvRegion), External: true, stop: func() {}}
		if s.AccessKey == "" || s.SecretKey == "" {
			return nil, fmt.Errorf("%s is set but %s or %s is not", EnvEndpoint, EnvAccessKey, EnvSecretKey)
		}
		if s.Region == "" {
			s.Region = "us-east-1"
		}
		d, err := os.MkdirTemp("", "s3parts-state-")
		if err != nil {
			return nil, err
		}
		s.stateDir = d
		s.stop = func() { os.RemoveAll(d) }
		return s, nil
	}
	return StartGateway(opts)
}

// StartGateway starts versitygw in-process whatever the environment says.
//
// A free port is found by listening on port 0 and closing it, so another
// process may take it before the gateway binds it; two test binaries
// running at once would then share one gateway and see each other's
// buckets. Each gateway gets keys of its own and is asked who it is before
// it is used; a port lost to another process is given up for a new one.
func StartGateway(opts Options) (*Server, error) {
	var err error
	for range 5 {
		var s *Server
		s, err = startGateway(opts)
		if err == nil || !errors.Is(err, errPortTaken) || opts.Addr != "" {
			return s, err
		}
	}
	return nil, err
}

// errPortTaken: the gateway could not bind its port, or something else
// answers on it.
var errPortTaken = errors.New("the port was taken by another process")

func startGateway(opts Options) (*Server, error) {
	dir, temp := opts.Dir, opts.Dir == ""
	if temp {
		d, err := os.MkdirTemp("", "s3parts-gw-")
		if err != nil {
			return nil, err
		}
		dir = d
	}
	root, versions := filepath.Join(dir, "data"), filepath.Join(dir, "versions")
	for _, d := range []string{root, versions} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	addr := opts.Addr
	if addr == "" {
		a, err := freeAddr()
		if err != nil {
			return nil, err
		}
		addr = a
	}
	// posix.New changes the process's working directory to root: callers
	// must resolve relative paths before starting the server.
	be, err := posix.New(root, meta.XattrMeta{}, posix.PosixOpts{
		VersioningDir: versions,
		// Without this every UploadPartCopy fails with 400.
		CopyObjectThreshold: 5 << 30,
		NewDirPerm:          0o755,
		Concurrency:         5000,
	})
	if err != nil {
		return nil, fmt.Errorf("versitygw posix backend on %s (it needs a file system with user xattrs): %w", root, err)
	}
	suffix := rand.Text()[:12]
	s := &Server{Endpoint: "http://" + addr, AccessKey: "s3parts-test-" + suffix, SecretKey: "s3parts-test-secret-" + suffix,
		Region: "us-east-1", Dir: dir, stateDir: filepath.Join(dir, "state")}
	ctx, cancel := context.WithCancel(context.Background())
	// stopped is closed when the gateway returns, with its error in gwErr:
	// closing lets every waiter below see it.
	stopped, gwErr := make(chan struct{}), error(nil)
	go func() {
		defer close(stopped)
		gwErr = embedgw.RunVersityGW(ctx, be, &embedgw.Config{
			RootUserAccess:    s.AccessKey,
			RootUserSecret:    s.SecretKey,
			Region:            s.Region,
			Ports:             []string{addr},
			MaxConnections:    250000,
			MaxRequests:       100000,
			MultipartMaxParts: 10000,
			Quiet:             true,
			KeepAlive:         true,
		})
	}()
	s.stop = func() {
		cancel()
		select {
		case <-stopped:
		case <-time.After(5 * time.Second):
		}
		be.Shutdown()
		if temp {
			os.RemoveAll(dir)
		}
	}
	gatewayStopped := func() error {
		select {
		case <-stopped:
			return fmt.Errorf("%w: versitygw stopped at start: %v", errPortTaken, gwErr)
		default:
			return nil
		}
	}
	if err := waitListening(addr, gatewayStopped); err != nil {
		s.stop()
		return nil, err
	}
	if err := s.isOurs(gatewayStopped); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

// isOurs asks the server on the port for its buckets with this gateway's
// keys: another process's gateway refuses them.
func (s *Server) isOurs(gatewayStopped func() error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	_, err := s.Raw().ListBuckets(ctx, &s3.ListBucketsInput{})
	if err := gatewayStopped(); err != nil {
		return err
	}
	if err != nil {
		return fmt.Errorf("%w: the server on %s refused this gateway's keys: %v", errPortTaken, s.Endpoint, err)
	}
	return nil
}

// Main is TestMain for a package that talks to S3: it starts the server
// (external or in-process), points the AWS configuration chain at it,
// hands it to the package through set, runs the tests and stops it.
func Main(m interface{ Run() int }, set func(*Server)) int {
	s, err := Start(Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "starting the test S3 server:", err)
		return 1
	}
	defer s.Stop()
	if err := s.SetEnv(os.Setenv); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	// Tests never read or write the files of whoever runs them: a key
	// binding in their keys.json, their AWS profiles or their job journal
	// would change what the tests see.
	home := filepath.Join(s.stateDir, "home")
	for k, v := range map[string]string{"HOME": home, "XDG_CONFIG_HOME": filepath.Join(home, ".config"),
		"XDG_CACHE_HOME": filepath.Join(home, ".cache"), "XDG_DATA_HOME": filepath.Join(home, ".local", "share")} {
		os.Setenv(k, v)
	}
	set(s)
	return m.Run()
}

// Stop shuts an in-process gateway down and removes its temporary data.
func (s *Server) Stop() { s.stop() }

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

func waitListening(addr string, gatewayStopped func() error) error {
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if err := gatewayStopped(); err != nil {
			return err
		}
		if c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond); err == nil {
			c.Close()
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return errors.New("versitygw did not start listening on " + addr + " within 20s")
}
