package io.gatewatch.servlet.internal;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Request and response wrappers that count the body bytes really read and written, as they pass:
 * nothing is buffered. A reader or writer the application asks for is built on the counting
 * stream, so characters are counted as the bytes they encode to.
 */
final class CountingStreams {
    private CountingStreams() {
    }

    static final class Request extends HttpServletRequestWrapper {
        final ServletRecording recording;
        private ServletInputStream in;
        private BufferedReader reader;

        Request(HttpServletRequest request, ServletRecording recording) {
            super(request);
            this.recording = recording;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (in == null) {
                in = new In(super.getInputStream(), recording);
            }
            return in;
        }

        /** The async thread may look the record up on the container's request: keep it there first. */
        @Override
        public AsyncContext startAsync() {
            recording.keep();
            return super.startAsync();
        }

        @Override
        public AsyncContext startAsync(ServletRequest request, ServletResponse response) {
            recording.keep();
            return super.startAsync(request, response);
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.ISO_8859_1 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    static final class Response extends HttpServletResponseWrapper {
        private final ServletRecording recording;
        private Out out;
        private PrintWriter writer;

        Response(HttpServletResponse response, ServletRecording recording) {
            super(response);
            this.recording = recording;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (out == null) {
                out = new Out(super.getOutputStream(), recording);
            }
            return out;
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            if (writer == null) {
                ServletOutputStream stream = getOutputStream();
                writer = new PrintWriter(new OutputStreamWriter(stream, Charset.forName(getCharacterEncoding())));
            }
            return writer;
        }

        @Override
        public void flushBuffer() throws IOException {
            if (writer != null) {
                writer.flush();
            }
            super.flushBuffer();
        }

        /**
         * Moves what the writer still holds into the container's buffer without flushing that, so a
         * response written through the writer keeps its Content-Length and is not committed early.
         */
        void finishWriting() {
            if (writer != null) {
                out.holdFlush = true;
                try {
                    writer.flush();
                } finally {
                    out.holdFlush = false;
                }
            }
        }

        @Override
        public void sendError(int sc) throws IOException {
            recording.errorPending = true;
            super.sendError(sc);
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            recording.errorPending = true;
            super.sendError(sc, msg);
        }
    }

    private static final class In extends ServletInputStream {
        private final ServletInputStream delegate;
        private final ServletRecording recording;

        In(ServletInputStream delegate, ServletRecording recording) {
            this.delegate = delegate;
            this.recording = recording;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                recording.bytesIn++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = delegate.read(b, off, len);
            if (n > 0) {
                recording.bytesIn += n;
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }

    private static final class Out extends ServletOutputStream {
        private final ServletOutputStream delegate;
        private final ServletRecording recording;
        boolean holdFlush;

        Out(ServletOutputStream delegate, ServletRecording recording) {
            this.delegate = delegate;
            this.recording = recording;
        }

        @Override
        public void write(int b) throws IOException {
            delegate.write(b);
            recording.bytesOut++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            delegate.write(b, off, len);
            recording.bytesOut += len;
        }

        @Override
        public void flush() throws IOException {
            if (!holdFlush) {
                delegate.flush();
            }
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }
}
